package dev.lakehouse.conformance.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small hand-made catalogue and inputs shared by the tests. */
final class Fixtures {
    static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

    static final MetricDefinition PUT_THROUGHPUT = new MetricDefinition("s3.put.throughput", "PUT throughput", "MB/s", null, false);
    static final MetricDefinition QUERY_P95 = new MetricDefinition("trino.query.p95.seconds", "p95 query time", "s",
            new MetricTarget("<=", 10), true, "3.2.latency");
    static final MetricDefinition SELECT_SPEEDUP = new MetricDefinition("s3select.speedup", "S3 Select speed-up", "ratio",
            new MetricTarget(">=", 2.5), false, "3.3.speedup");
    static final MetricDefinition READY = new MetricDefinition("environment.ready.seconds", "ready time", "s",
            new MetricTarget("<=", 60), false);

    static final CheckpointCatalogue CATALOGUE = new CheckpointCatalogue(1,
            List.of(new Goal(1, "Storage and table foundation"), new Goal(3, "Analytics")),
            new CheckpointCatalogue.EnvironmentSection("the environment", List.of(READY)),
            List.of(
                    new Checkpoint("1.1", "S3 integration", 1, "S3 on RGW", List.of("ceph"), List.of(
                            new Criterion("1.1.objects", "Objects round-trip", "put, get, list, delete", null),
                            new Criterion("1.1.lifecycle", "Lifecycle policies", "expiration", "the lifecycle suite")),
                            List.of(PUT_THROUGHPUT)),
                    new Checkpoint("3.2", "Query performance", 3, "TPC-H", List.of("trino"), List.of(
                            new Criterion("3.2.latency", "Queries under 10 s", "p95 at scale 10", "the TPC-H suite")),
                            List.of(QUERY_P95)),
                    new Checkpoint("3.3", "S3 Select", 3, "pushdown", List.of("trino", "ceph"), List.of(
                            new Criterion("3.3.speedup", "2.5x with S3 Select", "timed against GET", "the pushdown suite")),
                            List.of(SELECT_SPEEDUP))));

    static final String TPCH_GROUP = "TPC-H query latency, scale tiny (s)";
    static final String CONCURRENCY_GROUP = "Concurrency scaling, scale tiny";
    static final String PUSHDOWN_GROUP = "Pushdown: bytes read, full scan / pruned scan";
    /** The bars each benchmark chart of {@link #benchmarkFigureLines()} has: labels times series. */
    static final Map<String, Integer> BENCHMARK_BARS = Map.of(TPCH_GROUP, 22 * 4, CONCURRENCY_GROUP, 3, PUSHDOWN_GROUP, 2);

    private static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {
    }

    /**
     * figures.jsonl as the suites write it, for the default catalogue: the three kinds of benchmark chart
     * (22 TPC-H queries with cold/p50/p95/max, concurrency scaling, pushdown ratios with their own axis unit)
     * and two ordinary figures.
     */
    static List<String> benchmarkFigureLines() {
        List<String> lines = new ArrayList<>();
        lines.add(figureLine("1.1", "s3.put.throughput", 312.5, "MB/s", List.of(300.0, 312.5, 320.0), Map.of()));
        for (int q = 1; q <= 22; q++) {
            String query = String.format("q%02d", q);
            double p50 = round(0.3 + q * 0.021);
            lines.add(figureLine("3.2", "tpch.tiny." + query + ".seconds", p50, "s", List.of(p50, round(p50 * 1.1), round(p50 * 1.3)),
                    Map.of("chart", chart(TPCH_GROUP, query, ordered("cold", round(p50 * 3), "p50", p50, "p95", round(p50 * 1.3),
                            "max", round(p50 * 1.3))))));
        }
        lines.add(figureLine("3.2", "trino.query.p95.seconds", 0.82, "s", List.of(), Map.of()));
        int[] clients = {1, 5, 8};
        for (int c : clients) {
            lines.add(figureLine("3.2", "trino.concurrency." + c + ".queries-per-minute", 40.0 * c / (1 + c * 0.1), "queries/min", List.of(),
                    Map.of("chart", chart(CONCURRENCY_GROUP, c + (c == 1 ? " client" : " clients"), ordered("queries/min", round(40.0 * c / (1 + c * 0.1)))))));
        }
        lines.add(figureLine("3.3", "pushdown.partition-pruning.bytes-ratio", 12.5, "ratio", List.of(),
                Map.of("chart", withUnit(chart(PUSHDOWN_GROUP, "partition pruning", ordered("ratio", 12.5)), "full / pruned"))));
        lines.add(figureLine("3.3", "pushdown.min-max.bytes-ratio", 3.25, "ratio", List.of(),
                Map.of("chart", withUnit(chart(PUSHDOWN_GROUP, "min/max statistics", ordered("ratio", 3.25)), "full / pruned"))));
        return lines;
    }

    /** One line of figures.jsonl, as {@code Figures.record} of the fixtures module writes it. */
    static String figureLine(String checkpoint, String id, double value, String unit, List<Double> samples, Map<String, Object> attributes) {
        Map<String, Object> figure = ordered("checkpoint", checkpoint, "id", id, "value", value, "unit", unit, "detail", "measured",
                "samples", samples, "attributes", attributes);
        try {
            return JSON.writeValueAsString(figure);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a figure line", e);
        }
    }

    /** The {@code "chart"} attribute of a figure. */
    static Map<String, Object> chart(String group, String label, Map<String, Object> series) {
        return ordered("group", group, "label", label, "series", series);
    }

    private static Map<String, Object> withUnit(Map<String, Object> chart, String unit) {
        Map<String, Object> copy = new LinkedHashMap<>(chart);
        copy.put("unit", unit);
        return copy;
    }

    /** A map in the order given: key, value, key, value... */
    static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    /** Request counts in the order given: name, count, name, count... */
    static Map<String, Long> counts(Object... namesAndCounts) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (int i = 0; i < namesAndCounts.length; i += 2) {
            counts.put((String) namesAndCounts[i], ((Number) namesAndCounts[i + 1]).longValue());
        }
        return counts;
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    static TestRecord pass(String name, String... checkpoints) {
        return TestRecord.of(name, TestStatus.PASS, null, checkpoints);
    }

    static TestRecord fail(String name, String message, String... checkpoints) {
        return TestRecord.of(name, TestStatus.FAIL, message, checkpoints);
    }

    static TestRecord passVerifying(String name, String... criteria) {
        return TestRecord.verifying(name, TestStatus.PASS, null, criteria);
    }

    static TestRecord failVerifying(String name, String message, String... criteria) {
        return TestRecord.verifying(name, TestStatus.FAIL, message, criteria);
    }

    static TestRecord skippedVerifying(String name, String reason, String... criteria) {
        return TestRecord.verifying(name, TestStatus.NA, reason, criteria);
    }

    static TestRecord skipped(String name, String reason, String... checkpoints) {
        return TestRecord.of(name, TestStatus.NA, reason, checkpoints);
    }

    static Figure figure(String checkpoint, String id, double value, String unit) {
        return new Figure(checkpoint, id, value, unit, null, List.of());
    }

    /**
     * An ops log in which the platform sent nothing: checkpoint 1.1 gets no generated S3 operation criteria, so tests of
     * other rules see only the catalogue's criteria (without an ops log 1.1 gets {@code 1.1.s3-op-coverage}, NOT VERIFIED).
     */
    static final S3Operations NO_PLATFORM_S3_TRAFFIC = new S3Operations("test fixture: the platform sent no S3 request", 0L, 0L, List.of());

    /** Inputs with records and figures and an ops log in which the platform sent nothing. */
    static RunInputs inputs(List<TestRecord> records, List<Figure> figures) {
        return RunInputs.of(records, figures).withS3Operations(NO_PLATFORM_S3_TRAFFIC);
    }

    static final String PERCENT_KEY_ABORT = "rgw-upload-part-copy-percent-key-abort";
    static final String SIZE_FILTER_IGNORED = "rgw-lifecycle-object-size-filter-ignored";

    /**
     * environment.json of a target running ceph {@code cephVersion} (null: no version given), with the gate's
     * known-defect policy when {@code accepted} is not null.
     */
    static EnvironmentInfo cephEnvironment(String cephVersion, List<String> accepted) {
        com.fasterxml.jackson.databind.node.ObjectNode raw = JSON.createObjectNode().put("target", "homelab");
        if (accepted != null) {
            com.fasterxml.jackson.databind.node.ObjectNode policy = raw.putObject(KnownDefectPolicy.FIELD);
            accepted.forEach(policy.putArray("accepted")::add);
            policy.put("source", "release policy 2026-12");
        }
        return new EnvironmentInfo("homelab", null, "lh-1", null, 20.0,
                List.of(new EnvironmentInfo.Component("ceph", cephVersion, 5.0, "http://127.0.0.1:7480")), Map.of(), raw);
    }

    static GateReport evaluate(List<TestRecord> records, List<Figure> figures) {
        return new GateEvaluator(CATALOGUE).evaluate(inputs(records, figures), NOW);
    }
}
