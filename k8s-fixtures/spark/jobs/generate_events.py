"""Sample PySpark application: append deterministic synthetic events to an Iceberg table.

Usage: spark-submit generate_events.py --table CATALOG.NS.TABLE --rows N --seed S [--day YYYY-MM-DD]

Creates the table when it does not exist (Iceberg format-version 2, partitioned by
days(event_time)) and appends N rows. Every value is a hash (xxhash64) of the seed, a column tag
and the row number of spark.range(N): the same seed and N give the same rows on every run, whatever
the number of executors or partitions. event_id is 1..N; event_time falls on --day (UTC) or, without
--day, on the 7 days from 2024-01-01 (UTC).

Prints one line
  @@lakehouse-result {"rows_written":N,"table":"...","snapshot_id":ID}
where ID is the table's current snapshot (main branch) after the append.
"""

import argparse
import datetime
import json
import re
import sys

from pyspark.sql import SparkSession
from pyspark.sql import functions as F

EVENT_TYPES = ["view", "click", "add_to_cart", "purchase", "refund"]
DEFAULT_FIRST_DAY = datetime.date(2024, 1, 1)
DEFAULT_DAYS = 7
MICROS_PER_DAY = 86_400_000_000
TABLE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*){1,2}")

DDL = """CREATE TABLE IF NOT EXISTS {table} (
  event_id   BIGINT,
  user_id    BIGINT,
  event_type STRING,
  amount     DECIMAL(12,2),
  event_time TIMESTAMP)
USING iceberg
PARTITIONED BY (days(event_time))
TBLPROPERTIES ('format-version' = '2')"""


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="generate_events.py",
                                     description="Append deterministic synthetic events to an Iceberg table.")
    parser.add_argument("--table", required=True, help="CATALOG.NAMESPACE.TABLE")
    parser.add_argument("--rows", required=True, type=int, help="number of rows to append (> 0)")
    parser.add_argument("--seed", required=True, type=int, help="seed of the generated values")
    parser.add_argument("--day", type=datetime.date.fromisoformat,
                        help="UTC day (YYYY-MM-DD) of every event_time; default: %d days from %s"
                             % (DEFAULT_DAYS, DEFAULT_FIRST_DAY))
    args = parser.parse_args(argv)
    if args.rows <= 0:
        parser.error("--rows must be a positive number of rows, got %d" % args.rows)
    if not TABLE_NAME.fullmatch(args.table):
        parser.error("--table must be [CATALOG.]NAMESPACE.TABLE (letters, digits, _), got %r" % args.table)
    return args


def events(spark, rows, seed, day):
    first_day = day or DEFAULT_FIRST_DAY
    days = 1 if day else DEFAULT_DAYS
    start = datetime.datetime.combine(first_day, datetime.time(), tzinfo=datetime.timezone.utc)
    start_micros = int(start.timestamp()) * 1_000_000

    def h(tag):  # deterministic 64-bit hash of (seed, column, row number)
        return F.xxhash64(F.lit(seed), F.lit(tag), F.col("id"))

    return spark.range(rows).select(
        (F.col("id") + 1).alias("event_id"),
        (F.pmod(h("user_id"), F.lit(1000)) + 1).alias("user_id"),
        F.element_at(F.array(*[F.lit(t) for t in EVENT_TYPES]),
                     (F.pmod(h("event_type"), F.lit(len(EVENT_TYPES))) + 1).cast("int")).alias("event_type"),
        # cents in [0, 100000) as an exact decimal: never through a double
        (F.pmod(h("amount"), F.lit(100_000)).cast("decimal(12,0)") / F.lit(100)).cast("decimal(12,2)").alias("amount"),
        # an instant, independent of spark.sql.session.timeZone
        F.timestamp_micros(F.lit(start_micros) + F.pmod(h("event_time"), F.lit(days * MICROS_PER_DAY)))
        .alias("event_time"),
    )


def main(argv):
    args = parse_args(argv)
    spark = SparkSession.builder.appName("lakehouse-generate-events").getOrCreate()
    try:
        spark.sql(DDL.format(table=args.table))
        events(spark, args.rows, args.seed, args.day).writeTo(args.table).append()
        snapshot_id = spark.sql(
            "SELECT snapshot_id FROM {}.refs WHERE name = 'main'".format(args.table)).first()[0]
        print("@@lakehouse-result " + json.dumps(
            {"rows_written": args.rows, "table": args.table, "snapshot_id": snapshot_id},
            separators=(",", ":")), flush=True)
    finally:
        spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
