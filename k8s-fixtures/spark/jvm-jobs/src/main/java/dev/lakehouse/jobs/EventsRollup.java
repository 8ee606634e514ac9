package dev.lakehouse.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Sample JVM Spark application: rolls an events table (as written by generate_events.py) up per
 * day and event type, into an Iceberg table that it creates or replaces.
 *
 * <p>Usage: {@code spark-submit --class dev.lakehouse.jobs.EventsRollup lakehouse-spark-jobs.jar
 * SOURCE_TABLE TARGET_TABLE}. Target columns: event_day date, event_type string, events bigint,
 * amount_total decimal(22,2); event_day is the day of event_time in the session time zone (UTC in
 * spark-defaults.conf). Prints one stdout line
 * {@code @@lakehouse-result {"rows_written":N,"table":"TARGET_TABLE"}}.
 */
public final class EventsRollup {

  private EventsRollup() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: EventsRollup SOURCE_TABLE TARGET_TABLE (got " + args.length + " arguments)");
      System.exit(2);
    }
    String source = args[0];
    String target = args[1];

    SparkSession spark = SparkSession.builder().appName("lakehouse-events-rollup").getOrCreate();
    try {
      Dataset<Row> rollup = spark.table(source)
          .groupBy(to_date(col("event_time")).as("event_day"), col("event_type"))
          .agg(count(lit(1)).as("events"), sum(col("amount")).as("amount_total"))
          .orderBy("event_day", "event_type");

      rollup.writeTo(target)
          .using("iceberg")
          .tableProperty("format-version", "2")
          .createOrReplace();

      long rowsWritten = spark.table(target).count();
      System.out.println("@@lakehouse-result {\"rows_written\":" + rowsWritten
          + ",\"table\":" + jsonString(target) + "}");
      System.out.flush();
    } finally {
      spark.stop();
    }
  }

  /** A JSON string literal (RFC 8259 escaping). */
  static String jsonString(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
