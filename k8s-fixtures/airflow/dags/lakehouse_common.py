"""Conventions shared by the platform's DAGs (not a DAG file: listed in .airflowignore).

- RETRIES retries per task, RETRY_DELAY between them (LAKEHOUSE_RETRY_DELAY_SECONDS, default 300);
- an execution_timeout on every task (given per task) and a dagrun_timeout on every DAG;
- the run's outcome pushed to a Prometheus Pushgateway by DAG-level callbacks when
  LAKEHOUSE_PUSHGATEWAY_URL is set: PUT <url>/metrics/job/lakehouse_pipelines/dag_id/<dag_id> with
    lakehouse_dagrun_failed               1 after a failed run, 0 after a successful one
    lakehouse_dagrun_end_timestamp_seconds when the run ended (Unix time)
    lakehouse_dagrun_duration_seconds      end - start of the run
  (a PUT replaces the DAG's group, so it always holds the last outcome). A failed push is logged,
  never raised: monitoring must not change a run's outcome.
"""

from __future__ import annotations

import logging
import os
import time
import urllib.parse
import urllib.request
from datetime import timedelta

RETRIES = 2
RETRY_DELAY = timedelta(seconds=int(os.environ.get("LAKEHOUSE_RETRY_DELAY_SECONDS", "300")))
PUSHGATEWAY_JOB = "lakehouse_pipelines"

log = logging.getLogger(__name__)


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
