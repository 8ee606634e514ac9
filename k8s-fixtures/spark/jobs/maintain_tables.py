"""Checkpoint 5.1: Iceberg table maintenance, in the safe order, for every table of the given schemas.

Usage: spark-submit maintain_tables.py SCHEMAS_JSON RETAIN_LAST OLDER_THAN_SECONDS

SCHEMAS_JSON is a JSON list of schema names of the session's catalog (spark.sql.defaultCatalog, "iceberg" in
spark-defaults.conf), e.g. '["sales", "events"]'; an empty list maintains nothing. For each table, in this order:
  1. rewrite_data_files: small data files compacted into bigger ones (a new snapshot; the old files stay referenced
     by the older snapshots, so nothing a reader holds disappears)
  2. rewrite_manifests: manifests regrouped (another snapshot)
  3. expire_snapshots(older_than = now - OLDER_THAN_SECONDS, retain_last = RETAIN_LAST): only now are files that
     no kept snapshot references deleted
Orphan removal (remove_orphan_files) is not part of the schedule: run while a restored or concurrent writer's
metadata is not yet committed, it deletes that writer's files for good (k8s-fixtures/airflow/README.md).
Prints one line per table and step:
  @@lakehouse-maintenance {"table": "...", "step": "...", "result": {...}}
then @@lakehouse-maintenance-done {"tables": n}; the first failure exits with status 1.
"""

import datetime
import json
import sys

from pyspark.sql import SparkSession

PREFIX = "@@lakehouse-maintenance "
DONE = "@@lakehouse-maintenance-done "


def emit(prefix, payload):
    print(prefix + json.dumps(payload, separators=(",", ":"), default=str), flush=True)


def first_row(df):
    rows = df.collect()
    return rows[0].asDict() if rows else {}


def main(args):
    if len(args) != 3:
        print("usage: maintain_tables.py SCHEMAS_JSON RETAIN_LAST OLDER_THAN_SECONDS", file=sys.stderr, flush=True)
        return 2
    schemas = json.loads(args[0])
    retain_last, older_than_seconds = int(args[1]), int(args[2])
    if not isinstance(schemas, list) or not all(isinstance(s, str) and s for s in schemas):
        print(f"SCHEMAS_JSON must be a JSON list of schema names, not {args[0]!r}", file=sys.stderr, flush=True)
        return 2
    spark = SparkSession.builder.appName("lakehouse-maintain-tables").getOrCreate()
    catalog = spark.conf.get("spark.sql.defaultCatalog")
    maintained = 0
    try:
        for schema in schemas:
            for row in spark.sql(f"SHOW TABLES IN {catalog}.`{schema}`").collect():
                table = f"{schema}.{row['tableName']}"
                emit(PREFIX, {"table": table, "step": "rewrite_data_files", "result": first_row(
                    spark.sql(f"CALL {catalog}.system.rewrite_data_files(table => '{table}')"))})
                emit(PREFIX, {"table": table, "step": "rewrite_manifests", "result": first_row(
                    spark.sql(f"CALL {catalog}.system.rewrite_manifests(table => '{table}')"))})
                cutoff = (datetime.datetime.now(datetime.timezone.utc)
                          - datetime.timedelta(seconds=older_than_seconds)).strftime("%Y-%m-%d %H:%M:%S.%f")
                emit(PREFIX, {"table": table, "step": "expire_snapshots", "result": first_row(spark.sql(
                    f"CALL {catalog}.system.expire_snapshots(table => '{table}', "
                    f"older_than => TIMESTAMP '{cutoff}', retain_last => {retain_last})"))})
                maintained += 1
        emit(DONE, {"tables": maintained})
    finally:
        spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
