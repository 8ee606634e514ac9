"""Run SQL statements against the lakehouse and print their results as JSON lines.

Usage: spark-submit sql_script.py "STATEMENT" ["STATEMENT" ...]

Each positional argument is ONE statement (never split on ';'), run in order with spark.sql.
Before each statement a progress line @@lakehouse-start {"index":i}; after it, one stdout line:
  @@lakehouse-result {"index":i,"statement":"...","columns":[...],"types":[...],"rows":[[...],...]}
(statements without a result, e.g. DDL, print empty columns/types/rows), then after the last one
  @@lakehouse-done {"statements":n}
The first failing statement prints
  @@lakehouse-error {"index":i,"statement":"...","error":"ClassName","message":"..."}
and the job exits with status 1 (status 2 when called without statements).
Spark's own logging goes to stderr, so stdout carries only these lines.
"""

import base64
import datetime
import decimal
import json
import math
import os
import sys
import time

from pyspark.sql import Row, SparkSession

RESULT = "@@lakehouse-result "
ERROR = "@@lakehouse-error "
DONE = "@@lakehouse-done "
START = "@@lakehouse-start "


def to_json(value):
    """A collected Spark value as a JSON-safe value."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
        return value
    if isinstance(value, decimal.Decimal):
        return format(value, "f")
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, Row):  # before list/tuple: a Row is a tuple
        return {name: to_json(v) for name, v in zip(value.__fields__, value)}
    if isinstance(value, (list, tuple)):
        return [to_json(v) for v in value]
    if isinstance(value, dict):
        return [[to_json(k), to_json(v)] for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))]
    return str(value)  # intervals (timedelta), VariantVal, ...


def emit(prefix, payload):
    print(prefix + json.dumps(payload, separators=(",", ":"), allow_nan=False), flush=True)


def error_of(exc):
    """(class name, message) of an exception; a bare Py4JJavaError is reported as its Java cause."""
    java = getattr(exc, "java_exception", None)
    if java is not None and type(exc).__name__ == "Py4JJavaError":
        try:
            return java.getClass().getSimpleName(), str(java.toString())
        except Exception:  # the JVM may be gone
            pass
    return type(exc).__name__, str(exc)


def use_session_time_zone(spark):
    """PySpark turns TIMESTAMP values into naive datetimes in the Python process's local time zone;
    make that the session time zone (UTC in spark-defaults.conf) so the printed wall time is the
    one Spark SQL and Trino show."""
    tz = spark.conf.get("spark.sql.session.timeZone")
    try:
        from zoneinfo import ZoneInfo

        ZoneInfo(tz)
    except Exception:  # offsets such as "+02:00" are not POSIX TZ names: leave TZ alone
        return
    os.environ["TZ"] = tz
    time.tzset()


def main(statements):
    if not statements:
        print("usage: sql_script.py STATEMENT [STATEMENT ...] (one SQL statement per argument)",
              file=sys.stderr, flush=True)
        return 2
    spark = SparkSession.builder.appName("lakehouse-sql-script").getOrCreate()
    use_session_time_zone(spark)
    status = 0
    try:
        for index, statement in enumerate(statements):
            # progress for whoever follows the log (e.g. to line up a concurrent writer with this one)
            emit(START, {"index": index})
            try:
                df = spark.sql(statement)
                fields = df.schema.fields
                rows = [to_json(list(row)) for row in df.collect()] if fields else []
            except Exception as exc:  # noqa: BLE001 - every failure is reported the same way
                error, message = error_of(exc)
                emit(ERROR, {"index": index, "statement": statement, "error": error,
                             "message": message[:2000]})
                status = 1
                break
            emit(RESULT, {"index": index, "statement": statement,
                          "columns": [f.name for f in fields],
                          "types": [f.dataType.simpleString() for f in fields],
                          "rows": rows})
        else:
            emit(DONE, {"statements": len(statements)})
    finally:
        spark.stop()
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
