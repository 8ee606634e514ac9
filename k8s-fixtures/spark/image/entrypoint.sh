#!/bin/bash
# Entrypoint of the platform's Spark image (see README.md in this directory), for the contract Spark on
# Kubernetes has with its image:
#   driver ARGS...  the driver pod: spark-submit in client mode with the arguments the submission chose
#                   (--properties-file, --class, the application file and its arguments);
#   executor        an executor pod: the executor backend, configured by the SPARK_* variables the driver
#                   set on the pod;
#   anything else   run as given.
set -euo pipefail

SPARK_HOME=${SPARK_HOME:-/opt/spark}
# The image's class-data sharing archive (README.md, "Class-data sharing"): Java maps the classes Spark loads
# instead of reading, parsing and verifying them again in every driver and executor. Java 17 takes it only with
# the class path it was dumped with at the front, and no non-empty directory before it: classpath.jar (whose
# manifest names Spark's jars) comes first. A JVM whose class path starts otherwise runs without it.
CDS_ARCHIVE=$SPARK_HOME/cds/spark.jsa
CDS_CLASSPATH=$SPARK_HOME/cds/classpath.jar

# whether an extra class path is configured in the submission's arguments or properties files (it must come first)
extra_class_path_configured() {
  local files=() previous=""
  for arg in "$@"; do
    [ "$previous" = "--properties-file" ] && files+=("$arg")
    previous=$arg
  done
  files+=("${SPARK_CONF_DIR:-$SPARK_HOME/conf}/spark-defaults.conf")
  for arg in "$@"; do
    case "$arg" in *spark.driver.extraClassPath*|--driver-class-path) return 0 ;; esac
  done
  for file in "${files[@]}"; do
    [ -r "$file" ] && grep -q 'spark.driver.extraClassPath' "$file" && return 0
  done
  return 1
}

case "${1:-}" in
  driver)
    shift
    args=(--deploy-mode client --conf "spark.driver.bindAddress=${SPARK_DRIVER_BIND_ADDRESS}")
    # Spark >= 4.0 skips spark-defaults.conf of SPARK_CONF_DIR (the application's sparkConfigMap) when the
    # submission passes --properties-file, as the driver pod's does, unless told to load it
    args+=(--load-spark-defaults)
    if [ "${SPARK_DRIVER_HOST_IS_POD_IP:-false}" = "true" ]; then
      # a cluster without DNS for Services: executors reach the driver at its pod IP instead of the driver
      # Service's name (what spark.kubernetes.executor.useDriverPodIP does from Spark 4.1)
      args+=(--conf "spark.driver.host=${SPARK_DRIVER_BIND_ADDRESS}")
    fi
    if [ -r "$CDS_ARCHIVE" ] && ! extra_class_path_configured "$@"; then
      args+=(--conf "spark.driver.extraClassPath=$CDS_CLASSPATH")
      # the driver's JVM (spark-submit passes SPARK_SUBMIT_OPTS to it, not to its launcher)
      export SPARK_SUBMIT_OPTS="${SPARK_SUBMIT_OPTS:+$SPARK_SUBMIT_OPTS }-XX:SharedArchiveFile=$CDS_ARCHIVE"
    fi
    exec "$SPARK_HOME/bin/spark-submit" "${args[@]}" "$@"
    ;;
  executor)
    shift
    # the executor's JVM options, one per variable SPARK_JAVA_OPT_<n>, in the order of n
    java_opts=()
    while IFS= read -r name; do
      java_opts+=("${!name}")
    done < <(compgen -e | grep '^SPARK_JAVA_OPT_' | sort -t_ -k4 -n)
    class_path="${SPARK_CONF_DIR:-$SPARK_HOME/conf}:$SPARK_HOME/jars/*"
    if [ -r "$CDS_ARCHIVE" ] && [ -z "${SPARK_CLASSPATH:-}" ]; then
      # no executor extra class path (SPARK_CLASSPATH), which would have to come first
      class_path="$CDS_CLASSPATH:$class_path"
      java_opts+=("-XX:SharedArchiveFile=$CDS_ARCHIVE")
    fi
    exec "$JAVA_HOME/bin/java" "${java_opts[@]}" -Xms"$SPARK_EXECUTOR_MEMORY" -Xmx"$SPARK_EXECUTOR_MEMORY" \
      -cp "$class_path${SPARK_CLASSPATH:+:$SPARK_CLASSPATH}" \
      org.apache.spark.scheduler.cluster.k8s.KubernetesExecutorBackend \
      --driver-url "$SPARK_DRIVER_URL" --executor-id "$SPARK_EXECUTOR_ID" --cores "$SPARK_EXECUTOR_CORES" \
      --app-id "$SPARK_APPLICATION_ID" --hostname "$SPARK_EXECUTOR_POD_IP" \
      --resourceProfileId "$SPARK_RESOURCE_PROFILE_ID" --podName "$SPARK_EXECUTOR_POD_NAME"
    ;;
  *)
    exec "$@"
    ;;
esac
