"""Checkpoint 4.1 (scheduling): a trivial DAG on a short schedule, to measure how late runs start.

Every LAKEHOUSE_HEARTBEAT_SECONDS (default 300; the local backend sets 15) one run of one task, which
returns when it was due and how late it started. Created paused: the suite unpauses it, watches a few
runs and pauses it again.

The schedule is a DeltaTriggerTimetable, spelt out rather than a bare timedelta (which Airflow 3 also
maps to it unless [scheduler] create_delta_data_intervals is set): a run is due N seconds after the
previous run's due time (run_after = logical_date, a zero-length data interval), not at the end of an
interval. With catchup off, the first run after unpausing is due when the DAG processor last parsed
the file (it recomputes the next due time on every parse, by default every 30 s), usually a moment
before the unpause, so the suite leaves it out; the runs after it are due every N seconds. Measured on the local
backend (N = 15): due times exactly 15.000 s apart, each run started 0.4-0.6 s after its due time.
"""

from __future__ import annotations

import os
from datetime import timedelta

import pendulum
from airflow.sdk import DAG, DeltaTriggerTimetable, task

from lakehouse_common import RETRIES, default_args, on_dag_failure, on_dag_success  # noqa: F401 (RETRIES: the convention)

HEARTBEAT_SECONDS = int(os.environ.get("LAKEHOUSE_HEARTBEAT_SECONDS", "300"))


@task(execution_timeout=timedelta(minutes=1))
def beat(**context):
    run_after = context["dag_run"].run_after
    started = pendulum.now("UTC")
    lag = (started - run_after).total_seconds()
    print(f"heartbeat: due {run_after.isoformat()}, started {started.isoformat()}, {lag:.3f} s late")
    return {"run_after": run_after.isoformat(), "started": started.isoformat(), "lag_seconds": round(lag, 3)}


with DAG(
    dag_id="lakehouse_heartbeat",
    description=f"one trivial task every {HEARTBEAT_SECONDS} s, to measure scheduling lag",
    doc_md=__doc__,
    schedule=DeltaTriggerTimetable(timedelta(seconds=HEARTBEAT_SECONDS)),
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    is_paused_upon_creation=True,
    tags=["lakehouse", "conformance", "4.1"],
    default_args=default_args(),
    dagrun_timeout=timedelta(minutes=30),
    on_success_callback=on_dag_success,
    on_failure_callback=on_dag_failure,
):
    beat()
