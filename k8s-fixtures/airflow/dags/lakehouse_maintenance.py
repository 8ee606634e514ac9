"""Checkpoint 5.1: the automated compaction schedule of the platform's Iceberg tables.

Every LAKEHOUSE_MAINTENANCE_SECONDS (default 86400: daily; the local backend sets 20) one run of one task, the
Spark job spark/jobs/maintain_tables.py, which maintains every table of the schemas in the run's `schemas` param
(default: the JSON list in LAKEHOUSE_MAINTENANCE_SCHEMAS) in the safe order: rewrite_data_files, rewrite_manifests,
then expire_snapshots, keeping LAKEHOUSE_MAINTENANCE_RETAIN_LAST snapshots (default 5) and expiring only those older
than LAKEHOUSE_MAINTENANCE_RETENTION_SECONDS (default 604800: 7 days, so that time travel and a metadata restore
within a week still find their files). Orphan-file removal is left out on purpose (see maintain_tables.py).
LAKEHOUSE_SPARK_MODE picks how the job runs, as in the pipeline: "kubernetes" (the default) creates the
SparkApplication spark/applications/maintain-tables.yaml with SparkKubernetesOperator; "local" runs spark-submit
with SparkSubmitOperator (connection spark_local). Created paused: the platform team unpauses it.
"""

from __future__ import annotations

import json
import os
from datetime import timedelta
from pathlib import Path

import pendulum
from airflow.sdk import DAG, DeltaTriggerTimetable, Param

from lakehouse_common import RETRIES, default_args, on_dag_failure, on_dag_success  # noqa: F401 (RETRIES: the convention)

HERE = Path(__file__).resolve().parent
DAG_ID = "lakehouse_maintenance"
SPARK_CONN_ID = "spark_local"
SPARK_MODE = os.environ.get("LAKEHOUSE_SPARK_MODE", "kubernetes").strip().lower()
if SPARK_MODE not in ("local", "kubernetes"):
    raise ValueError(f"LAKEHOUSE_SPARK_MODE must be 'local' or 'kubernetes', not {SPARK_MODE!r}")
MAINTENANCE_SECONDS = int(os.environ.get("LAKEHOUSE_MAINTENANCE_SECONDS", "86400"))
SCHEMAS = json.loads(os.environ.get("LAKEHOUSE_MAINTENANCE_SCHEMAS", "[]"))
RETAIN_LAST = int(os.environ.get("LAKEHOUSE_MAINTENANCE_RETAIN_LAST", "5"))
RETENTION_SECONDS = int(os.environ.get("LAKEHOUSE_MAINTENANCE_RETENTION_SECONDS", "604800"))
# rendered per run: the schemas of the run's params, the retention of the deployment
SPARK_ARGS = ["{{ params.schemas | tojson }}", str(RETAIN_LAST), str(RETENTION_SECONDS)]


def spark_maintain():
    if SPARK_MODE == "local":
        from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

        jobs = Path(os.environ.get("LAKEHOUSE_SPARK_JOBS_DIR", HERE.parent.parent / "spark" / "jobs"))
        return SparkSubmitOperator(
            task_id="spark_maintain", conn_id=SPARK_CONN_ID, application=str(jobs / "maintain_tables.py"),
            application_args=SPARK_ARGS, name="maintain-tables", driver_memory="1g",
            conf={"spark.ui.enabled": "false", "spark.driver.host": "127.0.0.1",
                  "spark.driver.bindAddress": "127.0.0.1", "spark.sql.shuffle.partitions": "4"},
            execution_timeout=timedelta(minutes=30))

    import yaml
    from airflow.providers.cncf.kubernetes.operators.spark_kubernetes import SparkKubernetesOperator

    manifests = Path(os.environ.get("LAKEHOUSE_SPARK_APPLICATIONS_DIR", HERE.parent.parent / "spark" / "applications"))
    application = yaml.safe_load((manifests / "maintain-tables.yaml").read_text())
    application["spec"]["arguments"] = SPARK_ARGS  # template_spec is rendered: {{ params.schemas }} included
    return SparkKubernetesOperator(
        task_id="spark_maintain", namespace=os.environ.get("LAKEHOUSE_SPARK_NAMESPACE", "lakehouse"),
        name=application["metadata"]["name"], template_spec=application,
        kubernetes_conn_id=os.environ.get("LAKEHOUSE_KUBERNETES_CONN_ID", "kubernetes_default"),
        get_logs=True, delete_on_termination=True, startup_timeout_seconds=600,
        execution_timeout=timedelta(minutes=60))


with DAG(
    dag_id=DAG_ID,
    description=f"Iceberg maintenance of the schemas {SCHEMAS} every {MAINTENANCE_SECONDS} s",
    doc_md=__doc__,
    schedule=DeltaTriggerTimetable(timedelta(seconds=MAINTENANCE_SECONDS)),
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    is_paused_upon_creation=True,
    params={"schemas": Param(SCHEMAS, type="array", items={"type": "string"},
                             description="schemas of catalog iceberg whose every table is maintained")},
    tags=["lakehouse", "conformance", "5.1"],
    default_args=default_args(),
    dagrun_timeout=timedelta(hours=2),
    on_success_callback=on_dag_success,
    on_failure_callback=on_dag_failure,
):
    spark_maintain()
