"""Checkpoints 4.1/4.2: the platform's orders pipeline, one batch per run.

ingest -> spark_clean -> trino_summary -> quality_check

- ingest: uploads the dataset's raw files (data/orders/<dataset>/raw/ beside this file: CSV and JSON
  Lines, some rows deliberately dirty) to s3://<landing_bucket>/orders/<batch>/ with boto3.
  XCom: {"bucket", "prefix", "keys", "objects", "bytes"}.
- spark_clean: the Spark job spark/jobs/clean_orders.py reads that prefix, drops the dirty rows and
  replaces the batch in iceberg.<schema>.orders_clean (one commit); an unusable file fails it before
  anything is written. LAKEHOUSE_SPARK_MODE picks how it runs: "kubernetes" (the default) creates the
  SparkApplication spark/applications/clean-orders.yaml with SparkKubernetesOperator; "local" runs
  spark-submit --master local[2] with SparkSubmitOperator (connection spark_local).
- trino_summary: with Trino (connection trino_default) merges the batch's per-country figures into
  iceberg.<schema>.orders_summary (batch, country, orders, amount_total) in one MERGE that also removes
  countries no longer present, so a retry never duplicates rows. XCom: {"batch", "table", "rows"}.
- quality_check: fails (without retrying) when the batch has no clean rows, a clean row has a null
  key or column, an order_id repeats, or the summary disagrees with orders_clean (row counts and
  amounts, in total and per country). XCom, what the suite compares with data/orders/<dataset>/expected.json:
  {"batch", "clean_rows", "summary_rows", "summary_orders", "amount_total", "order_id_sum", "content_md5"}.

The content checksum, content_md5: the lower-case hex MD5 of the UTF-8 text made of one line per
orders_clean row of the batch, ordered by order_id, joined by "\\n" (no trailing newline), each line
  order_id|customer|order_date|country|amount
with customer '' when null, order_date as YYYY-MM-DD and amount with its two decimals (5.00), e.g.
"1017||2024-03-06|DE|42.00". Through Trino (CONTENT_MD5 below):
  lower(to_hex(md5(to_utf8(array_join(array_agg(CAST(order_id AS varchar) || '|' || coalesce(customer, '')
    || '|' || CAST(order_date AS varchar) || '|' || country || '|' || CAST(amount AS varchar)
    ORDER BY order_id), chr(10))))))
amount_total is sum(amount) as a decimal string ("1651.92"), order_id_sum the sum of the order ids.

Run conf (checked against PARAMS when the run is triggered, and by every task): batch (the run's unique id: letters,
digits, _ . -), landing_bucket (an existing bucket), schema (an existing schema of catalog iceberg,
lower case), dataset ("good" or "bad"). Environment: see ../README.md ("Environment of the DAGs").
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pendulum
from airflow.sdk import DAG, Param, task
from airflow.sdk.exceptions import AirflowFailException

from lakehouse_common import RETRIES, default_args, on_dag_failure, on_dag_success, spark_step  # noqa: F401 (RETRIES: the convention)

HERE = Path(__file__).resolve().parent
DATA_DIR = HERE / "data" / "orders"
CATALOG = "iceberg"
TRINO_CONN_ID = "trino_default"

CONF = {  # name: (pattern, what it is)
    "batch": (r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$", "batch id, unique per run; the landing prefix and the tables' partition"),
    "landing_bucket": (r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", "existing S3 bucket the raw files land in"),
    "schema": (r"^[a-z_][a-z0-9_]{0,127}$", f"existing schema of catalog {CATALOG} holding orders_clean and orders_summary"),
    "dataset": (r"^(good|bad)$", "raw files to ingest: data/orders/<dataset>/raw beside the DAG"),
}
# Checked when a run is triggered (a bad value is refused), and again by every task (run_conf). The
# default None (allowed by the schema) is deliberate: Airflow resolves the params of a DAG callback's
# context too, and a param without any default fails there ("No value passed"), so a missing value is
# reported by the first task instead, as a failure without retries.
PARAMS = {name: Param(None, type=["null", "string"], pattern=rule, description=text) for name, (rule, text) in CONF.items()}

# the Spark job's arguments, rendered from the run's params (= its conf) in both modes
SPARK_ARGS = ["--landing", "s3://{{ params.landing_bucket }}/orders/{{ params.batch }}/",
              "--table", CATALOG + ".{{ params.schema }}.orders_clean", "--batch", "{{ params.batch }}"]

CONTENT_MD5 = """lower(to_hex(md5(to_utf8(array_join(array_agg(
    CAST(order_id AS varchar) || '|' || coalesce(customer, '') || '|' || CAST(order_date AS varchar)
    || '|' || country || '|' || CAST(amount AS varchar) ORDER BY order_id), chr(10))))))"""


def run_conf(context):
    """The run's conf as validated params; a run that bypassed validation fails here, without retries."""
    import re

    params = context["params"]
    for name, (rule, text) in CONF.items():
        value = params.get(name)
        if not isinstance(value, str) or not re.match(rule, value):
            raise AirflowFailException(f"run conf {name!r} = {value!r} is invalid: {text} ({rule})")
    return {name: params[name] for name in CONF}


def s3_client():
    import boto3
    from botocore.config import Config

    endpoint = os.environ.get("S3_ENDPOINT")
    if not endpoint:
        raise AirflowFailException("S3_ENDPOINT is not set (the RGW endpoint, http(s)://host:port)")
    # Ceph RGW serves path-style buckets. boto3 >= 1.36 adds CRC checksums to every upload, which RGW 16
    # rejects: the environment sets AWS_REQUEST_CHECKSUM_CALCULATION=when_required (and
    # AWS_RESPONSE_CHECKSUM_VALIDATION), and the client says the same so it holds wherever that is missing.
    return boto3.client("s3", endpoint_url=endpoint, region_name=os.environ.get("S3_REGION", "us-east-1"),
                        config=Config(s3={"addressing_style": "path"}, request_checksum_calculation="when_required",
                                      response_checksum_validation="when_required"))


def trino():
    from airflow.providers.trino.hooks.trino import TrinoHook

    return TrinoHook(trino_conn_id=TRINO_CONN_ID)


@task(execution_timeout=timedelta(minutes=5))
def ingest(**context):
    conf = run_conf(context)
    files = sorted(p for p in (DATA_DIR / conf["dataset"] / "raw").iterdir() if p.is_file())
    prefix = f"orders/{conf['batch']}/"
    s3, keys, size = s3_client(), [], 0
    for path in files:
        body = path.read_bytes()
        s3.put_object(Bucket=conf["landing_bucket"], Key=prefix + path.name, Body=body)
        keys.append(prefix + path.name)
        size += len(body)
    # the batch's prefix holds exactly this upload: files of an earlier attempt with other inputs would be read too
    stale = [o["Key"] for page in s3.get_paginator("list_objects_v2").paginate(Bucket=conf["landing_bucket"], Prefix=prefix)
             for o in page.get("Contents", []) if o["Key"] not in keys]
    for key in stale:
        s3.delete_object(Bucket=conf["landing_bucket"], Key=key)
    print(f"ingest: {len(keys)} objects, {size} bytes to s3://{conf['landing_bucket']}/{prefix}"
          + (f"; removed {len(stale)} stale: {stale}" if stale else ""))
    return {"bucket": conf["landing_bucket"], "prefix": prefix, "keys": keys, "objects": len(keys), "bytes": size}


def spark_clean():
    return spark_step("spark_clean", "clean_orders.py", "clean-orders.yaml", SPARK_ARGS, timedelta(minutes=15))


@task(execution_timeout=timedelta(minutes=10))
def trino_summary(**context):
    conf = run_conf(context)
    schema, batch = f"{CATALOG}.{conf['schema']}", conf["batch"]
    hook = trino()
    hook.run(f"""CREATE TABLE IF NOT EXISTS {schema}.orders_summary (
        batch varchar, country varchar, orders bigint, amount_total decimal(18, 2))
        WITH (partitioning = ARRAY['batch'])""", split_statements=False)
    # One commit replaces the batch: countries of the batch are updated or inserted, and countries the
    # summary holds for the batch that orders_clean no longer has are deleted (gone).
    hook.run(f"""MERGE INTO {schema}.orders_summary t
        USING (
            SELECT coalesce(n.country, o.country) AS country, n.orders, n.amount_total, n.country IS NULL AS gone
            FROM (SELECT country, count(*) AS orders, CAST(sum(amount) AS decimal(18, 2)) AS amount_total
                  FROM {schema}.orders_clean WHERE batch = ? GROUP BY country) n
            FULL JOIN (SELECT country FROM {schema}.orders_summary WHERE batch = ?) o ON n.country = o.country
        ) s
        ON t.batch = ? AND t.country = s.country
        WHEN MATCHED AND s.gone THEN DELETE
        WHEN MATCHED THEN UPDATE SET orders = s.orders, amount_total = s.amount_total
        WHEN NOT MATCHED THEN INSERT (batch, country, orders, amount_total)
            VALUES (?, s.country, s.orders, s.amount_total)""",
             parameters=(batch, batch, batch, batch), split_statements=False)
    rows = hook.get_records(f"""SELECT country, orders, CAST(amount_total AS varchar)
        FROM {schema}.orders_summary WHERE batch = ? ORDER BY country""", parameters=(batch,))
    print(f"trino_summary: {len(rows)} countries in {schema}.orders_summary for batch {batch}")
    return {"batch": batch, "table": f"{schema}.orders_summary",
            "rows": [{"country": c, "orders": o, "amount_total": a} for c, o, a in rows]}


@task(execution_timeout=timedelta(minutes=10))
def quality_check(**context):
    conf = run_conf(context)
    schema, batch = f"{CATALOG}.{conf['schema']}", conf["batch"]
    hook = trino()
    clean_rows, amount, id_sum, nulls, repeated, md5 = hook.get_first(f"""
        SELECT count(*), CAST(coalesce(sum(amount), 0) AS varchar), coalesce(sum(order_id), 0),
               count_if(order_id IS NULL OR order_date IS NULL OR country IS NULL OR amount IS NULL),
               count(order_id) - count(DISTINCT order_id), {CONTENT_MD5}
        FROM {schema}.orders_clean WHERE batch = ?""", parameters=(batch,))
    summary_rows, summary_orders, summary_amount, summary_nulls = hook.get_first(f"""
        SELECT count(*), coalesce(sum(orders), 0), CAST(coalesce(sum(amount_total), 0) AS varchar),
               count_if(country IS NULL OR orders IS NULL OR amount_total IS NULL)
        FROM {schema}.orders_summary WHERE batch = ?""", parameters=(batch,))
    (differing,) = hook.get_first(f"""
        SELECT count(*)
        FROM (SELECT country, count(*) AS orders, sum(amount) AS amount
              FROM {schema}.orders_clean WHERE batch = ? GROUP BY country) c
        FULL JOIN (SELECT country, orders, amount_total FROM {schema}.orders_summary WHERE batch = ?) s
          ON c.country = s.country
        WHERE c.country IS NULL OR s.country IS NULL OR c.orders <> s.orders OR c.amount <> s.amount_total""",
                                  parameters=(batch, batch))
    figures = {"batch": batch, "clean_rows": clean_rows, "summary_rows": summary_rows,
               "summary_orders": summary_orders, "amount_total": amount, "order_id_sum": id_sum, "content_md5": md5}
    print(f"quality_check: {figures}")
    problems = [text for failed, text in (
        (clean_rows == 0, f"no rows of batch {batch} in orders_clean"),
        (nulls > 0, f"{nulls} rows of orders_clean with a null key or column"),
        (repeated > 0, f"{repeated} repeated order_id values in orders_clean"),
        (summary_nulls > 0, f"{summary_nulls} rows of orders_summary with a null column"),
        (summary_orders != clean_rows, f"orders_summary counts {summary_orders} orders, orders_clean has {clean_rows}"),
        (summary_amount != amount, f"orders_summary sums {summary_amount}, orders_clean {amount}"),
        (differing > 0, f"{differing} countries where orders_summary and orders_clean disagree")) if failed]
    if problems:
        # the data will not change by retrying: fail now
        raise AirflowFailException("data quality check failed for batch " + batch + ": " + "; ".join(problems))
    return figures


with DAG(
    dag_id="lakehouse_pipeline",
    description="ingest raw orders -> Spark clean into Iceberg -> Trino summary -> data-quality check",
    doc_md=__doc__,
    schedule=None,
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    catchup=False,
    tags=["lakehouse", "conformance", "4.1", "4.2"],
    params=PARAMS,
    default_args=default_args(),
    dagrun_timeout=timedelta(hours=4),
    on_success_callback=on_dag_success,
    on_failure_callback=on_dag_failure,
):
    ingest() >> spark_clean() >> trino_summary() >> quality_check()
