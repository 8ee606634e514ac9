"""Clean one batch of raw order files from the landing bucket into the Iceberg table orders_clean.

Usage: spark-submit clean_orders.py --landing s3://BUCKET/PREFIX/ --table CATALOG.NS.TABLE --batch ID

Reads every object under the prefix: *.csv (a header row naming the columns) and *.json / *.jsonl
(JSON Lines: one object per line). Required columns: order_id, customer, order_date, country, amount.

A row is rejected, with the first reason that applies, when it is
  malformed    a JSON line that is not a JSON object;
  invalid_id   order_id missing, not an integer, or not positive;
  bad_amount   amount missing, negative, or not a plain decimal with at most 2 decimal places;
  bad_date     order_date missing, not YYYY-MM-DD, or not a calendar date;
  bad_country  country blank or not one of COUNTRIES (after trimming and upper-casing);
  duplicate    an earlier valid row has the same order_id (files in key order, then line order).
Kept rows: order_id bigint, customer string (trimmed, blank -> null), order_date date, country string
(ISO code, upper case), amount decimal(12,2), batch string. The table is created when missing
(PARTITIONED BY batch); the batch's rows are replaced in ONE commit (overwrite where batch = ID),
so a retry does not duplicate them.

A structurally unusable file (a CSV without a required column, a JSON file none of whose lines is
a JSON object, a file that is not UTF-8 or has another extension) or a prefix without objects fails
the job with exit status 1 before anything is written or created, and before a SparkContext (and
with it an executor) is started, so that a batch that can never succeed costs its retries little:
  @@lakehouse-error {"error":"UnusableInput","message":"..."}
Otherwise one line:
  @@lakehouse-result {"batch":..,"table":..,"files":N,"rows_read":N,"rows_clean":N,"rows_rejected":N,
                      "rejected":{"invalid_id":N,...},"snapshot_id":ID}
Bad arguments: usage on stderr, exit status 2.
"""

import argparse
import csv
import json
import os
import sys
from urllib.parse import urlparse

import boto3
from botocore.config import Config
from pyspark import SparkConf, SparkContext
from pyspark.sql import SparkSession, Window
from pyspark.sql import functions as F
from pyspark.sql.types import StringType, StructField, StructType

REQUIRED = ["order_id", "customer", "order_date", "country", "amount"]
COUNTRIES = ["DE", "ES", "FR", "IT", "NL", "PL", "SE", "US"]
REASONS = ["malformed", "invalid_id", "bad_amount", "bad_date", "bad_country", "duplicate"]


class UnusableInput(Exception):
    pass


def emit(prefix, payload):
    print(prefix + json.dumps(payload, separators=(",", ":")), flush=True)


def s3_client(conf, catalog):
    # The endpoint and region Iceberg's S3FileIO uses (spark-defaults.conf), so both read the same RGW;
    # credentials from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY. Path-style for Ceph RGW, and checksums
    # only when required: boto3 >= 1.36 sends CRC checksums by default, which RGW 16 rejects.
    endpoint = conf.get(f"spark.sql.catalog.{catalog}.s3.endpoint", None) or os.environ.get("S3_ENDPOINT")
    region = conf.get(f"spark.sql.catalog.{catalog}.client.region", None) or os.environ.get("S3_REGION", "us-east-1")
    return boto3.client("s3", endpoint_url=endpoint, region_name=region, config=Config(
        s3={"addressing_style": "path"},
        request_checksum_calculation="when_required", response_checksum_validation="when_required"))


def fetch(s3, landing):
    """(key, text) of every object under the landing prefix, in key order."""
    url = urlparse(landing)
    bucket, prefix = url.netloc, url.path.lstrip("/")
    keys = []
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        keys += [o["Key"] for o in page.get("Contents", []) if not o["Key"].endswith("/")]
    if not keys:
        raise UnusableInput(f"no objects under {landing}")
    files = []
    for key in sorted(keys):
        body = s3.get_object(Bucket=bucket, Key=key)["Body"].read()
        try:
            files.append((key, body.decode("utf-8-sig")))
        except UnicodeDecodeError:
            raise UnusableInput(f"s3://{bucket}/{key} is not UTF-8 text") from None
    return files


def lines_of(text):
    return [line for line in text.splitlines() if line.strip()]


def check(key, text):
    """Fails with UnusableInput when the file cannot be read at all; plain Python, no Spark needed."""
    lines, name = lines_of(text), key.lower()
    if name.endswith(".csv"):
        # the header row as Spark's CSV reader takes it (header=True: the first line)
        columns = [c.strip().lower() for c in next(csv.reader(lines[:1]), [])]
        missing = [c for c in REQUIRED if c not in columns]
        if missing:
            raise UnusableInput(f"{key}: CSV without the required column(s) {missing} (header: {columns})")
    elif name.endswith((".json", ".jsonl")):
        if not any(is_json_object(line) for line in lines):
            raise UnusableInput(f"{key}: no line is a JSON object (JSON Lines expected)")
    else:
        raise UnusableInput(f"{key}: neither .csv nor .json/.jsonl")


def is_json_object(line):
    try:
        return isinstance(json.loads(line), dict)
    except ValueError:
        return False


def parse(spark, key, text):
    """One file as a DataFrame of the REQUIRED columns (strings) plus _malformed and _line."""
    # Spark parses the text (CSV quoting, JSON): the objects were fetched with boto3 in the driver
    # because the local Spark has no S3A file system (no hadoop-aws); Iceberg itself uses S3FileIO.
    # One partition, so that monotonically_increasing_id() numbers the rows in file order.
    # The file passed check(): a CSV has the required columns, a JSON file at least one object.
    rdd = spark.sparkContext.parallelize(lines_of(text), 1)
    if key.lower().endswith(".csv"):
        df = spark.read.csv(rdd, header=True, inferSchema=False, mode="PERMISSIVE")
        df = df.toDF(*[c.strip().lower() for c in df.columns]).withColumn("_malformed", F.lit(False))
    else:
        schema = StructType([StructField(c, StringType()) for c in REQUIRED + ["_corrupt_record"]])
        df = spark.read.json(rdd, schema=schema, mode="PERMISSIVE")
        df = df.withColumn("_malformed", F.col("_corrupt_record").isNotNull())
    return df.select(*REQUIRED, "_malformed").withColumn("_line", F.monotonically_increasing_id())


def clean(raw, batch):
    """raw with a 'reason' column (null for kept rows) and the typed, normalised columns."""
    def ok(condition):  # a null condition (missing value) counts as not valid
        return F.coalesce(condition, F.lit(False))

    s = {c: F.trim(F.col(c)) for c in REQUIRED}
    order_id = F.when(s["order_id"].rlike(r"^[0-9]{1,18}$"), s["order_id"].try_cast("bigint"))
    amount = F.when(s["amount"].rlike(r"^[0-9]{1,10}(\.[0-9]{1,2})?$"), s["amount"].try_cast("decimal(12,2)"))
    order_date = F.when(s["order_date"].rlike(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"), s["order_date"].try_cast("date"))
    country = F.upper(s["country"])
    reason = (F.when(F.col("_malformed"), "malformed")
              .when(~ok(order_id > 0), "invalid_id")
              .when(~ok(amount.isNotNull()), "bad_amount")
              .when(~ok(order_date.isNotNull()), "bad_date")
              .when(~ok(country.isin(COUNTRIES)), "bad_country"))
    typed = raw.select(
        order_id.alias("order_id"),
        F.when(s["customer"] != "", s["customer"]).alias("customer"),
        order_date.alias("order_date"), country.alias("country"), amount.alias("amount"),
        F.lit(batch).alias("batch"), reason.alias("reason"), "_file", "_line")
    # duplicates among the otherwise valid rows only: a rejected row does not shadow a later valid one
    first = Window.partitionBy("order_id", F.col("reason").isNull()).orderBy("_file", "_line")
    return typed.withColumn("reason", F.when(
        F.col("reason").isNull() & (F.row_number().over(first) > 1), "duplicate").otherwise(F.col("reason")))


def main(argv):
    parser = argparse.ArgumentParser(prog="clean_orders.py")
    parser.add_argument("--landing", required=True, help="s3://bucket/prefix/ of the batch's raw files")
    parser.add_argument("--table", required=True, help="catalog.namespace.table of the cleaned orders")
    parser.add_argument("--batch", required=True, help="batch id, the table's partition")
    args = parser.parse_args(argv)  # exits with status 2 on bad arguments
    if not args.landing.startswith("s3://") or len(args.table.split(".")) != 3 or not args.batch.strip():
        parser.error("--landing must be s3://..., --table catalog.namespace.table, --batch non-empty")

    # The settings spark-submit passed, from its JVM, without starting a SparkContext yet: an unusable batch
    # fails here, before any executor is asked for (the check is plain Python)
    SparkContext._ensure_initialized()
    try:
        files = fetch(s3_client(SparkConf(), args.table.split(".")[0]), args.landing)
        for key, text in files:
            check(key, text)
    except UnusableInput as exc:
        emit("@@lakehouse-error ", {"error": "UnusableInput", "message": str(exc)})
        return 1

    spark = SparkSession.builder.appName("lakehouse-clean-orders").getOrCreate()
    try:
        frames = [parse(spark, key, text).withColumn("_file", F.lit(i)) for i, (key, text) in enumerate(files)]
        raw = frames[0]
        for frame in frames[1:]:
            raw = raw.unionByName(frame)
        rows = clean(raw, args.batch).cache()
        counts = {r["reason"]: r["count"] for r in rows.groupBy("reason").count().collect()}

        # every file is usable: only now create the table (if missing) and replace the batch in one commit
        spark.sql(f"CREATE TABLE IF NOT EXISTS {args.table} (order_id bigint, customer string, order_date date,"
                  " country string, amount decimal(12,2), batch string) USING iceberg PARTITIONED BY (batch)"
                  " TBLPROPERTIES ('format-version'='2')")
        (rows.filter(F.col("reason").isNull()).drop("reason", "_file", "_line")
         .writeTo(args.table).overwrite(F.col("batch") == F.lit(args.batch)))
        snapshot = spark.sql(f"SELECT snapshot_id FROM {args.table}.snapshots ORDER BY committed_at DESC LIMIT 1").first()
    finally:
        spark.stop()
    rejected = {reason: counts.get(reason, 0) for reason in REASONS}
    emit("@@lakehouse-result ", {
        "batch": args.batch, "table": args.table, "files": len(files),
        "rows_read": sum(counts.values()), "rows_clean": counts.get(None, 0),
        "rows_rejected": sum(rejected.values()), "rejected": rejected, "snapshot_id": snapshot[0]})
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
