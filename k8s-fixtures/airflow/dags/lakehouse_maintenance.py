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

import pendulum
from airflow.sdk import DAG, DeltaTriggerTimetable, Param

from lakehouse_common import RETRIES, default_args, on_dag_failure, on_dag_success, spark_step  # noqa: F401 (RETRIES: the convention)

DAG_ID = "lakehouse_maintenance"
MAINTENANCE_SECONDS = int(os.environ.get("LAKEHOUSE_MAINTENANCE_SECONDS", "86400"))
SCHEMAS = json.loads(os.environ.get("LAKEHOUSE_MAINTENANCE_SCHEMAS", "[]"))
RETAIN_LAST = int(os.environ.get("LAKEHOUSE_MAINTENANCE_RETAIN_LAST", "5"))
RETENTION_SECONDS = int(os.environ.get("LAKEHOUSE_MAINTENANCE_RETENTION_SECONDS", "604800"))
# rendered per run: the schemas of the run's params, the retention of the deployment
SPARK_ARGS = ["{{ params.schemas | tojson }}", str(RETAIN_LAST), str(RETENTION_SECONDS)]


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
    spark_step("spark_maintain", "maintain_tables.py", "maintain-tables.yaml", SPARK_ARGS, timedelta(minutes=60))
