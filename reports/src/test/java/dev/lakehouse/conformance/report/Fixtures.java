package dev.lakehouse.conformance.report;

import java.time.Instant;
import java.util.List;

/** Small hand-made catalogue and inputs shared by the tests. */
final class Fixtures {
    static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

    static final MetricDefinition PUT_THROUGHPUT = new MetricDefinition("s3.put.throughput", "PUT throughput", "MB/s", null, false);
    static final MetricDefinition QUERY_P95 = new MetricDefinition("trino.query.p95.seconds", "p95 query time", "s",
            new MetricTarget("<=", 10), true);
    static final MetricDefinition SELECT_SPEEDUP = new MetricDefinition("s3select.speedup", "S3 Select speed-up", "ratio",
            new MetricTarget(">=", 2.5), false);
    static final MetricDefinition READY = new MetricDefinition("environment.ready.seconds", "ready time", "s",
            new MetricTarget("<=", 60), false);

    static final CheckpointCatalogue CATALOGUE = new CheckpointCatalogue(1,
            List.of(new Goal(1, "Storage and table foundation"), new Goal(3, "Analytics")),
            new CheckpointCatalogue.EnvironmentSection("the environment", List.of(READY)),
            List.of(
                    new Checkpoint("1.1", "S3 integration", 1, "S3 on RGW", List.of("objects round-trip"), List.of("ceph"),
                            "the S3 conformance suite", List.of(PUT_THROUGHPUT)),
                    new Checkpoint("3.2", "Query performance", 3, "TPC-H", List.of(), List.of("trino"),
                            "the TPC-H suite", List.of(QUERY_P95)),
                    new Checkpoint("3.3", "S3 Select", 3, "pushdown", List.of(), List.of("trino", "ceph"),
                            "the pushdown suite", List.of(SELECT_SPEEDUP))));

    private Fixtures() {
    }

    static TestRecord pass(String name, String... checkpoints) {
        return TestRecord.of(name, TestStatus.PASS, null, checkpoints);
    }

    static TestRecord fail(String name, String message, String... checkpoints) {
        return TestRecord.of(name, TestStatus.FAIL, message, checkpoints);
    }

    static TestRecord skipped(String name, String reason, String... checkpoints) {
        return TestRecord.of(name, TestStatus.NA, reason, checkpoints);
    }

    static Figure figure(String checkpoint, String id, double value, String unit) {
        return new Figure(checkpoint, id, value, unit, null, List.of());
    }

    static GateReport evaluate(List<TestRecord> records, List<Figure> figures) {
        return new GateEvaluator(CATALOGUE).evaluate(RunInputs.of(records, figures), NOW);
    }
}
