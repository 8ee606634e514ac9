"""Conventions shared by the platform's DAGs (not a DAG file: listed in .airflowignore).

- RETRIES retries per task, RETRY_DELAY between them (LAKEHOUSE_RETRY_DELAY_SECONDS, default 300);
- an execution_timeout on every task (given per task) and a dagrun_timeout on every DAG;
- a Spark step that runs a job of spark/jobs as LAKEHOUSE_SPARK_MODE says (spark_step);
- the run's outcome pushed to a Prometheus Pushgateway by DAG-level callbacks when
  LAKEHOUSE_PUSHGATEWAY_URL is set: PUT <url>/metrics/job/lakehouse_pipelines/dag_id/<dag_id> with
    lakehouse_dagrun_failed               1 after a failed run, 0 after a successful one
    lakehouse_dagrun_end_timestamp_seconds when the run ended (Unix time)
    lakehouse_dagrun_duration_seconds      end - start of the run
  (a PUT replaces the DAG's group, so it always holds the last outcome). A failed push is logged,
  never raised: monitoring must not change a run's outcome.
"""

from __future__ import annotations

import json
import logging
import os
import time
import urllib.parse
import urllib.request
from datetime import timedelta
from pathlib import Path

RETRIES = 2
RETRY_DELAY = timedelta(seconds=int(os.environ.get("LAKEHOUSE_RETRY_DELAY_SECONDS", "300")))
PUSHGATEWAY_JOB = "lakehouse_pipelines"

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
SPARK_CONN_ID = "spark_local"
SPARK_MODE = os.environ.get("LAKEHOUSE_SPARK_MODE", "kubernetes").strip().lower()
if SPARK_MODE not in ("local", "kubernetes"):
    raise ValueError(f"LAKEHOUSE_SPARK_MODE must be 'local' or 'kubernetes', not {SPARK_MODE!r}")


def spark_step(task_id, job, manifest, args, execution_timeout):
    """The task that runs spark/jobs/<job> with `args` (templated), as LAKEHOUSE_SPARK_MODE says.

    "local": spark-submit --master local[2] with SparkSubmitOperator (connection spark_local): spark-submit is looked
    up on PATH and runs the Spark home of SPARK_HOME with the catalog settings of SPARK_CONF_DIR/spark-defaults.conf.
    "kubernetes": SparkKubernetesOperator creates the SparkApplication spark/applications/<manifest> (the manifest the
    cluster deploys) with these arguments, its own name suffix and the namespace LAKEHOUSE_SPARK_NAMESPACE; it waits
    for the driver pod, follows its log and succeeds or fails with the driver pod's phase, not the application's state
    (which can be wrong: apache/airflow#41212; the suites check the data). The manifests' restartPolicy is Never:
    Airflow's retries are the only ones.
    """
    if SPARK_MODE == "local":
        from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

        jobs = Path(os.environ.get("LAKEHOUSE_SPARK_JOBS_DIR", HERE.parent.parent / "spark" / "jobs"))
        return SparkSubmitOperator(
            task_id=task_id, conn_id=SPARK_CONN_ID, application=str(jobs / job),
            application_args=args, name=Path(manifest).stem, driver_memory="1g",
            conf={"spark.ui.enabled": "false", "spark.driver.host": "127.0.0.1",
                  "spark.driver.bindAddress": "127.0.0.1", "spark.sql.shuffle.partitions": "4"},
            execution_timeout=execution_timeout)

    import yaml
    from airflow.providers.cncf.kubernetes.operators.spark_kubernetes import SparkKubernetesOperator

    manifests = Path(os.environ.get("LAKEHOUSE_SPARK_APPLICATIONS_DIR", HERE.parent.parent / "spark" / "applications"))
    application = yaml.safe_load((manifests / manifest).read_text())
    # template_spec is a template field, so Airflow renders the {{ params.* }} of the arguments; careful: it also
    # treats any string ending in yaml/yml/json as a template FILE name (the operator's template_ext), and the
    # manifests have none
    application["spec"]["arguments"] = args
    # site-specific values (the image in the site's registry, where pods run, names they resolve): a JSON patch merged
    # into every application the DAGs create, objects key by key and lists extended
    patch = os.environ.get("LAKEHOUSE_SPARK_APPLICATION_PATCH", "").strip()
    if patch:
        _merge(application, json.loads(patch))
    return SparkKubernetesOperator(
        task_id=task_id, namespace=os.environ.get("LAKEHOUSE_SPARK_NAMESPACE", "lakehouse"),
        name=application["metadata"]["name"], template_spec=application,
        kubernetes_conn_id=os.environ.get("LAKEHOUSE_KUBERNETES_CONN_ID", "kubernetes_default"),
        get_logs=True, delete_on_termination=True, startup_timeout_seconds=600,
        execution_timeout=execution_timeout)


def _merge(target, patch):
    """Merges `patch` into `target`: dicts key by key, lists extended, anything else replaced."""
    for key, value in patch.items():
        if isinstance(target.get(key), dict) and isinstance(value, dict):
            _merge(target[key], value)
        elif isinstance(target.get(key), list) and isinstance(value, list):
            target[key].extend(value)
        else:
            target[key] = value


def default_args(**overrides):
    """default_args of a platform DAG: retries and their delay (execution_timeout is set per task)."""
    return {"owner": "lakehouse", "retries": RETRIES, "retry_delay": RETRY_DELAY, **overrides}


def _epoch(value):
    return value.timestamp() if value is not None else None


def push_dagrun_outcome(context, failed):
    url = os.environ.get("LAKEHOUSE_PUSHGATEWAY_URL", "").strip().rstrip("/")
    if not url:
        return
    try:
        dag_run = context["dag_run"]
        dag_id = dag_run.dag_id
        end = _epoch(getattr(dag_run, "end_date", None)) or time.time()
        start = _epoch(getattr(dag_run, "start_date", None)) or end
        body = "".join(
            f"# TYPE {name} gauge\n{name} {value}\n"
            for name, value in (("lakehouse_dagrun_failed", 1 if failed else 0),
                                ("lakehouse_dagrun_end_timestamp_seconds", round(end, 3)),
                                ("lakehouse_dagrun_duration_seconds", round(max(0.0, end - start), 3))))
        target = (f"{url}/metrics/job/{PUSHGATEWAY_JOB}/dag_id/"
                  + urllib.parse.quote(dag_id, safe=""))
        request = urllib.request.Request(target, data=body.encode("utf-8"), method="PUT",
                                         headers={"Content-Type": "text/plain; version=0.0.4"})
        with urllib.request.urlopen(request, timeout=10) as response:
            log.info("pushed %s outcome (failed=%s) of run %s to %s: HTTP %s",
                     dag_id, failed, dag_run.run_id, target, response.status)
    except Exception:  # noqa: BLE001 - a monitoring hiccup must not fail or hide the run
        log.exception("could not push the run outcome to the Pushgateway at %s", url)


def on_dag_success(context):
    push_dagrun_outcome(context, failed=False)


def on_dag_failure(context):
    push_dagrun_outcome(context, failed=True)
