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
    exec "$SPARK_HOME/bin/spark-submit" "${args[@]}" "$@"
    ;;
  executor)
    shift
    # the executor's JVM options, one per variable SPARK_JAVA_OPT_<n>, in the order of n
    java_opts=()
    while IFS= read -r name; do
      java_opts+=("${!name}")
    done < <(compgen -e | grep '^SPARK_JAVA_OPT_' | sort -t_ -k4 -n)
    exec "$JAVA_HOME/bin/java" "${java_opts[@]}" -Xms"$SPARK_EXECUTOR_MEMORY" -Xmx"$SPARK_EXECUTOR_MEMORY" \
      -cp "${SPARK_CONF_DIR:-$SPARK_HOME/conf}:$SPARK_HOME/jars/*${SPARK_CLASSPATH:+:$SPARK_CLASSPATH}" \
      org.apache.spark.scheduler.cluster.k8s.KubernetesExecutorBackend \
      --driver-url "$SPARK_DRIVER_URL" --executor-id "$SPARK_EXECUTOR_ID" --cores "$SPARK_EXECUTOR_CORES" \
      --app-id "$SPARK_APPLICATION_ID" --hostname "$SPARK_EXECUTOR_POD_IP" \
      --resourceProfileId "$SPARK_RESOURCE_PROFILE_ID" --podName "$SPARK_EXECUTOR_POD_NAME"
    ;;
  *)
    exec "$@"
    ;;
esac
