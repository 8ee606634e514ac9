package dev.lakehouse.conformance.suite.airflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lakehouse.conformance.backend.airflow.AirflowClient;
import dev.lakehouse.conformance.backend.airflow.AirflowClient.DagRun;
import dev.lakehouse.conformance.suite.support.IcebergSchema;
import dev.lakehouse.conformance.suite.support.ScratchBucket;
import dev.lakehouse.conformance.suite.support.TrinoSession;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * What a pipeline run really left behind, compared with what its tasks claim (their XCom return values)
 * and with what the dataset should give ({@code expected.json} beside the DAG, worked out by hand).
 * A task that reports success while its data is missing or wrong fails here.
 */
final class PipelineData {
    private PipelineData() {
    }

    static void assertBatchAsExpected(AirflowClient airflow, DagRun run, IcebergSchema schema, ScratchBucket landing,
                                      String batch, String dataset) {
        JsonNode expected = Pipeline.expected(dataset);
        assertLanded(airflow, run, landing, batch, expected);

        TrinoSession trino = schema.session();
        String clean = schema.trino(Pipeline.CLEAN_TABLE);
        List<String> canonical = new ArrayList<>();
        for (List<Object> row : trino.query("SELECT CAST(order_id AS varchar) || '|' || coalesce(customer, '') || '|' "
                + "|| CAST(order_date AS varchar) || '|' || country || '|' || CAST(amount AS varchar) FROM " + clean
                + " WHERE batch = '" + batch + "' ORDER BY order_id")) {
            canonical.add(row.get(0).toString());
        }
        assertThat(canonical).as("rows of batch " + batch + " in " + clean + " (order_id|customer|date|country|amount)")
                .containsExactlyElementsOf(texts(expected.path("clean_canonical")));
        String contentMd5 = md5(String.join("\n", canonical));

        List<Object> totals = trino.query("SELECT count(*), CAST(sum(amount) AS varchar), sum(order_id) FROM " + clean
                + " WHERE batch = '" + batch + "'").get(0);
        List<String> summary = new ArrayList<>();
        for (List<Object> row : trino.query("SELECT country || '|' || CAST(orders AS varchar) || '|' || CAST(amount_total AS varchar) FROM "
                + schema.trino(Pipeline.SUMMARY_TABLE) + " WHERE batch = '" + batch + "' ORDER BY country")) {
            summary.add(row.get(0).toString());
        }
        List<String> expectedSummary = new ArrayList<>();
        expected.path("summary").forEach(r -> expectedSummary.add(r.path("country").asText() + "|" + r.path("orders").asText()
                + "|" + r.path("amount_total").asText()));
        assertThat(summary).as("rows of batch " + batch + " in " + Pipeline.SUMMARY_TABLE + " (country|orders|amount)")
                .containsExactlyElementsOf(expectedSummary);

        JsonNode claimed = airflow.returnValue(Pipeline.DAG, run.runId(), Pipeline.QUALITY)
                .orElseThrow(() -> new AssertionError(Pipeline.QUALITY + " returned no figures"));
        assertThat(claimed.path("clean_rows").asLong()).as("clean rows claimed by " + Pipeline.QUALITY)
                .isEqualTo(((Number) totals.get(0)).longValue()).isEqualTo(expected.path("clean_rows").asLong());
        assertThat(claimed.path("amount_total").asText()).as("amount total claimed by " + Pipeline.QUALITY)
                .isEqualTo(totals.get(1).toString()).isEqualTo(expected.path("amount_total").asText());
        assertThat(claimed.path("order_id_sum").asLong()).as("order id sum claimed by " + Pipeline.QUALITY)
                .isEqualTo(((Number) totals.get(2)).longValue()).isEqualTo(expected.path("order_id_sum").asLong());
        assertThat(claimed.path("content_md5").asText()).as("content checksum claimed by " + Pipeline.QUALITY
                        + " against the MD5 of the rows read back")
                .isEqualTo(contentMd5).isEqualTo(expected.path("content_md5").asText());
        assertThat(claimed.path("summary_rows").asInt()).as("summary rows claimed by " + Pipeline.QUALITY)
                .isEqualTo(summary.size());
    }

    /**
     * The current snapshot of each analytics table, or "absent" when the table does not exist (yet): comparing
     * the states before and after a failed run shows that it committed nothing, not even a table.
     */
    static Map<String, String> tableStates(IcebergSchema schema) {
        List<Object> tables = schema.session().column("SHOW TABLES FROM " + schema.catalog() + "." + schema.name());
        Map<String, String> states = new LinkedHashMap<>();
        for (String table : List.of(Pipeline.CLEAN_TABLE, Pipeline.SUMMARY_TABLE)) {
            states.put(table, tables.contains(table)
                    ? "snapshot " + schema.session().scalar("SELECT max_by(snapshot_id, committed_at) FROM "
                            + schema.catalog() + "." + schema.name() + ".\"" + table + "$snapshots\"")
                    : "absent");
        }
        return states;
    }

    /** Neither analytics table shows a row of {@code batch}, and neither has changed since {@code before}. */
    static void assertNothingOfBatch(IcebergSchema schema, String batch, Map<String, String> before) {
        assertThat(tableStates(schema)).as("the analytics tables' snapshots after the failed run of batch " + batch
                + " (before it: " + before + ")").isEqualTo(before);
        List<Object> tables = schema.session().column("SHOW TABLES FROM " + schema.catalog() + "." + schema.name());
        for (String table : List.of(Pipeline.CLEAN_TABLE, Pipeline.SUMMARY_TABLE)) {
            if (tables.contains(table)) {
                assertThat(((Number) schema.session().scalar("SELECT count(*) FROM " + schema.trino(table)
                        + " WHERE batch = '" + batch + "'")).longValue())
                        .as("rows of failed batch " + batch + " visible in " + table).isZero();
            }
        }
    }

    static void assertLanded(AirflowClient airflow, DagRun run, ScratchBucket landing, String batch, JsonNode expected) {
        String prefix = "orders/" + batch + "/";
        List<S3Object> objects = landing.client().listObjectsV2(b -> b.bucket(landing.name()).prefix(prefix)).contents();
        List<String> names = objects.stream().map(o -> o.key().substring(prefix.length())).sorted().toList();
        assertThat(names).as("raw files under s3://" + landing.name() + "/" + prefix)
                .containsExactlyElementsOf(texts(expected.path("ingest").path("files")));
        long bytes = objects.stream().mapToLong(S3Object::size).sum();
        assertThat(bytes).as("bytes landed").isEqualTo(expected.path("ingest").path("bytes").asLong());
        JsonNode claimed = airflow.returnValue(Pipeline.DAG, run.runId(), Pipeline.INGEST)
                .orElseThrow(() -> new AssertionError(Pipeline.INGEST + " returned nothing"));
        assertThat(claimed.path("objects").asInt()).as("objects claimed by " + Pipeline.INGEST).isEqualTo(objects.size());
        assertThat(claimed.path("bytes").asLong()).as("bytes claimed by " + Pipeline.INGEST).isEqualTo(bytes);
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    private static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
