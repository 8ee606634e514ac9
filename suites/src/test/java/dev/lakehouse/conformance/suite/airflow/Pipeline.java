package dev.lakehouse.conformance.suite.airflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.conformance.backend.airflow.AirflowClient;
import dev.lakehouse.conformance.backend.airflow.AirflowClient.DagRun;
import dev.lakehouse.conformance.target.AirflowEndpoint;
import dev.lakehouse.conformance.target.Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The platform's end-to-end pipeline, {@code k8s-fixtures/airflow/dags/lakehouse_pipeline.py}: ingest raw
 * CSV/JSON into a landing bucket, clean them with Spark into {@code orders_clean}, summarise with Trino into
 * {@code orders_summary}, check quality. Each run is one batch; its conf names the batch, the landing
 * bucket, the Iceberg schema and the dataset (shipped beside the DAG with the figures a correct run gives).
 */
final class Pipeline {
    static final String DAG = "lakehouse_pipeline";
    static final String INGEST = "ingest";
    static final String SPARK = "spark_clean";
    static final String SUMMARY = "trino_summary";
    static final String QUALITY = "quality_check";
    static final List<String> TASKS = List.of(INGEST, SPARK, SUMMARY, QUALITY);
    /** The pipeline's retries per task (RETRIES in the DAG file). */
    static final int RETRIES = 2;
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
