package dev.lakehouse.conformance.suite.airflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.conformance.backend.airflow.AirflowClient;
import dev.lakehouse.conformance.backend.airflow.AirflowClient.DagRun;
import dev.lakehouse.conformance.backend.airflow.AirflowClient.Task;
import dev.lakehouse.conformance.process.ConfigurationException;
import dev.lakehouse.conformance.target.AirflowEndpoint;
import dev.lakehouse.conformance.target.Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The platform's end-to-end pipeline, {@code k8s-fixtures/airflow/dags/lakehouse_pipeline.py}: ingest raw
 * CSV/JSON into a landing bucket, clean them with Spark into {@code orders_clean}, summarise with Trino into
 * {@code orders_summary}, check quality. Each run is one batch; its conf names the batch, the landing
 * bucket, the Iceberg schema and the dataset (shipped beside the DAG with the figures a correct run gives).
 */
final class Pipeline {
    /** Python's str(timedelta): [D day[s], ]H:MM:SS[.ffffff] */
    private static final Pattern TIMEDELTA = Pattern.compile("(?:(\\d+) days?, )?(\\d+):(\\d{2}):(\\d{2})(?:\\.(\\d{6}))?");
    static final String DAG = "lakehouse_pipeline";
    /** The platform's short-schedule DAG, whose runs show how late scheduled runs start. */
    static final String HEARTBEAT = "lakehouse_heartbeat";
    /** How long the DAG processor may take to show a DAG file as a DAG. */
    static final Duration PARSED_WITHIN = Duration.ofSeconds(90);
    /** A pipeline run's own work; the retry delays its tasks are configured with come on top ({@link #runWithin}). */
    static final Duration WORK_WITHIN = Duration.ofMinutes(6);
    static final String INGEST = "ingest";
    static final String SPARK = "spark_clean";
    static final String SUMMARY = "trino_summary";
    static final String QUALITY = "quality_check";
    static final List<String> TASKS = List.of(INGEST, SPARK, SUMMARY, QUALITY);
    static final String CLEAN_TABLE = "orders_clean";
    static final String SUMMARY_TABLE = "orders_summary";

    private Pipeline() {
    }

    static AirflowClient client(AirflowEndpoint endpoint) {
        return new AirflowClient(endpoint.apiUrl(), endpoint.username(), endpoint.password());
    }

    /**
     * Unpauses a DAG (new DAGs start paused, and a run triggered on a paused DAG stays queued). Returns whether
     * it was paused, for {@link #restorePaused}: a real cluster's DAGs are left as they were found.
     */
    static boolean unpause(AirflowClient airflow, String dagId) {
        boolean paused = airflow.dag(dagId).orElseThrow(() -> new IllegalStateException("Airflow has no DAG " + dagId)).paused();
        if (paused) {
            airflow.setPaused(dagId, false);
        }
        return paused;
    }

    static void restorePaused(AirflowClient airflow, String dagId, boolean paused) {
        if (paused) {
            airflow.setPaused(dagId, true);
        }
    }

    /** A task of {@code dagId} as Airflow reports it: its retries, retry_delay and timeouts are the deployment's choice. */
    static Task task(AirflowClient airflow, String dagId, String taskId) {
        return airflow.tasks(dagId).stream().filter(t -> t.taskId().equals(taskId)).findFirst()
                .orElseThrow(() -> new AssertionError("Airflow reports no task " + taskId + " in DAG " + dagId));
    }

    /**
     * How long a run of the pipeline may take: {@code work} for its tasks, plus every retry_delay its tasks may
     * wait through (retries x retry_delay, as Airflow reports them: a cluster waits minutes, the local backend seconds).
     */
    static Duration runWithin(AirflowClient airflow, Duration work) {
        Duration within = work;
        for (Task task : airflow.tasks(DAG)) {
            long delayMillis = Math.round(task.retryDelaySeconds().orElse(0.0) * 1000);
            within = within.plus(Duration.ofMillis(delayMillis).multipliedBy(task.retries()));
        }
        return within;
    }

    /**
     * A DAG's fixed schedule interval, from the {@code timetable_summary} Airflow reports (a timedelta schedule
     * reads "0:00:15" or "1 day, 2:00:00"); one clear error for any other schedule.
     */
    static Duration scheduleInterval(AirflowClient airflow, String dagId) {
        String summary = airflow.dagDetails(dagId).path("timetable_summary").asText("");
        Matcher delta = TIMEDELTA.matcher(summary);
        if (!delta.matches()) {
            throw new ConfigurationException("schedule of DAG " + dagId, "Airflow reports timetable_summary '" + summary
                    + "', not a fixed interval", "schedule it with a timedelta (DeltaTriggerTimetable)");
        }
        Duration interval = Duration.ofDays(delta.group(1) == null ? 0 : Long.parseLong(delta.group(1)))
                .plusHours(Long.parseLong(delta.group(2))).plusMinutes(Long.parseLong(delta.group(3)))
                .plusSeconds(Long.parseLong(delta.group(4)))
                .plusNanos(delta.group(5) == null ? 0 : Long.parseLong(delta.group(5)) * 1000);
        if (interval.isZero()) {
            throw new ConfigurationException("schedule of DAG " + dagId, "the interval is 0", "give it a positive interval");
        }
        return interval;
    }

    /** Triggers one batch; the run id carries the batch (and so the test run's id). */
    static DagRun trigger(AirflowClient airflow, String batch, String landingBucket, String schema, String dataset) {
        return airflow.trigger(DAG, "conformance__" + batch, Map.of("batch", batch, "landing_bucket", landingBucket,
                "schema", schema, "dataset", dataset));
    }

    /** {@code data/orders/<dataset>/expected.json} beside the DAG: what a correct run of that dataset produces. */
    static JsonNode expected(String dataset) {
        Path file = Settings.fromSystemProperties().platformFile("airflow/dags/data/orders/" + dataset + "/expected.json");
        try {
            return new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the expected figures " + file, e);
        }
    }
}
