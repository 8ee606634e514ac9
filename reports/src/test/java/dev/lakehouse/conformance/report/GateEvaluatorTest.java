package dev.lakehouse.conformance.report;

import static dev.lakehouse.conformance.report.Fixtures.evaluate;
import static dev.lakehouse.conformance.report.Fixtures.fail;
import static dev.lakehouse.conformance.report.Fixtures.figure;
import static dev.lakehouse.conformance.report.Fixtures.pass;
import static dev.lakehouse.conformance.report.Fixtures.skipped;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GateEvaluatorTest {

    @Test
    void checkpointWithOnlyPassingTestsPasses() {
        GateReport report = evaluate(List.of(pass("a()", "1.1"), pass("b()", "1.1")), List.of());

        assertThat(report.checkpoint("1.1").verdict()).as("verdict of 1.1").isEqualTo(Verdict.PASS);
        assertThat(report.checkpoint("1.1").reason()).as("reason of 1.1").isEqualTo("2 tests passed");
    }

    @Test
    void anyFailingTestFailsTheCheckpointAndTheGate() {
        GateReport report = evaluate(List.of(pass("a()", "1.1"), fail("b()", "boom", "1.1")), List.of());

        assertThat(report.checkpoint("1.1").verdict()).as("verdict of 1.1").isEqualTo(Verdict.FAIL);
        assertThat(report.checkpoint("1.1").reason()).as("reason of 1.1").contains("1 test failed: b()");
        assertThat(report.verdict()).as("gate verdict").isEqualTo(Verdict.FAIL);
        assertThat(report.gateReasons()).as("gate reasons").anySatisfy(r -> assertThat(r).contains("1.1"));
    }

    @Test
    void testCoveringSeveralCheckpointsCountsForEach() {
        GateReport report = evaluate(List.of(fail("shared()", "boom", "1.1", "3.2")), List.of());

        assertThat(report.checkpoint("1.1").verdict()).as("verdict of 1.1").isEqualTo(Verdict.FAIL);
        assertThat(report.checkpoint("3.2").verdict()).as("verdict of 3.2").isEqualTo(Verdict.FAIL);
    }

    @Test
    void onlySkippedTestsLeaveCheckpointNotVerifiedWithDeduplicatedReasons() {
        GateReport report = evaluate(List.of(
                skipped("a()", "target has no S3 Select", "3.3"),
                skipped("b()", "target has no S3 Select", "3.3"),
                skipped("c()", "Spark is not deployed", "3.3")), List.of());

        CheckpointResult result = report.checkpoint("3.3");
        assertThat(result.verdict()).as("verdict of 3.3").isEqualTo(Verdict.NOT_VERIFIED);
        assertThat(result.reason()).as("reason of 3.3").isEqualTo("skipped: target has no S3 Select; Spark is not deployed");
    }

    @Test
    void checkpointWithoutRecordsIsNotVerifiedNamingWhereItIsPlanned() {
        GateReport report = evaluate(List.of(), List.of());

        assertThat(report.checkpoint("3.2").verdict()).as("verdict of 3.2").isEqualTo(Verdict.NOT_VERIFIED);
        assertThat(report.checkpoint("3.2").reason()).as("reason of 3.2")
                .isEqualTo("no test covers this checkpoint yet: the TPC-H suite");
    }

    @Test
    void notVerifiedCheckpointsDoNotFailTheGate() {
        GateReport report = evaluate(List.of(pass("a()", "1.1")), List.of());

        assertThat(report.verdict()).as("gate verdict with 1.1 passed and the rest not verified").isEqualTo(Verdict.PASS);
        assertThat(report.summary().notVerified()).as("number of NOT VERIFIED checkpoints").isEqualTo(2);
    }

    @Test
    void passingAndSkippedTestsPassListingTheSkippedOnes() {
        GateReport report = evaluate(List.of(pass("a()", "1.1"), skipped("b()", "no lifecycle support", "1.1")), List.of());

        CheckpointResult result = report.checkpoint("1.1");
        assertThat(result.verdict()).as("verdict of 1.1").isEqualTo(Verdict.PASS);
        assertThat(result.reason()).as("reason of 1.1").contains("1 skipped: b() (no lifecycle support)");
        assertThat(result.counts()).as("counts of 1.1").isEqualTo(new CheckpointResult.TestCounts(1, 0, 1));
    }

    @Test
    void gatingMetricMissingItsTargetFailsTheCheckpoint() {
        GateReport report = evaluate(List.of(pass("q()", "3.2")),
                List.of(figure("3.2", "trino.query.p95.seconds", 12.5, "s")));

        CheckpointResult result = report.checkpoint("3.2");
        assertThat(result.verdict()).as("verdict of 3.2 with p95 12.5 s > 10 s").isEqualTo(Verdict.FAIL);
        assertThat(result.reason()).as("reason of 3.2").contains("gating metric missed: trino.query.p95.seconds = 12.5 s (target <= 10 s)");
        assertThat(result.metrics().get(0).status()).as("status of the p95 metric").isEqualTo(MetricStatus.MISSED);
        assertThat(report.verdict()).as("gate verdict").isEqualTo(Verdict.FAIL);
    }

    @Test
    void gatingMetricMeetingItsTargetKeepsThePass() {
        GateReport report = evaluate(List.of(pass("q()", "3.2")),
                List.of(figure("3.2", "trino.query.p95.seconds", 10.0, "s")));

        assertThat(report.checkpoint("3.2").verdict()).as("verdict of 3.2 with p95 exactly 10 s").isEqualTo(Verdict.PASS);
        assertThat(report.checkpoint("3.2").metrics().get(0).status()).as("status of the p95 metric").isEqualTo(MetricStatus.MET);
    }

    @Test
    void nonGatingMetricMissIsShownButKeepsThePass() {
        GateReport report = evaluate(List.of(pass("select()", "3.3")),
                List.of(figure("3.3", "s3select.speedup", 1.8, "ratio")));

        CheckpointResult result = report.checkpoint("3.3");
        assertThat(result.verdict()).as("verdict of 3.3 with speed-up 1.8 < 2.5").isEqualTo(Verdict.PASS);
        assertThat(result.metrics().get(0).status()).as("status of the speed-up metric").isEqualTo(MetricStatus.MISSED);
        assertThat(result.reason()).as("reason of 3.3").contains("non-gating metric missed: s3select.speedup");
        assertThat(report.verdict()).as("gate verdict").isEqualTo(Verdict.PASS);
    }

    @Test
    void figureUnitDifferentFromCatalogueIsNotComparedAndFailsAGatingMetric() {
        GateReport report = evaluate(List.of(pass("q()", "3.2")),
                List.of(figure("3.2", "trino.query.p95.seconds", 800, "ms")));

        MetricResult metric = report.checkpoint("3.2").metrics().get(0);
        assertThat(metric.status()).as("status of a figure in ms against a target in s").isEqualTo(MetricStatus.UNIT_MISMATCH);
        assertThat(report.checkpoint("3.2").verdict()).as("verdict of 3.2").isEqualTo(Verdict.FAIL);
    }

    @Test
    void metricStatusesCoverNoTargetAndNotMeasured() {
        GateReport report = evaluate(List.of(), List.of(figure("1.1", "s3.put.throughput", 312.5, "MB/s")));

        assertThat(report.checkpoint("1.1").metrics().get(0).status()).as("PUT throughput has no target").isEqualTo(MetricStatus.NO_TARGET);
        assertThat(report.checkpoint("1.1").metrics().get(0).value()).as("PUT throughput value").isEqualTo(312.5);
        assertThat(report.checkpoint("3.2").metrics().get(0).status()).as("p95 without a figure").isEqualTo(MetricStatus.NOT_MEASURED);
    }

    @Test
    void familyMetricMeasuresEveryMatchingFigureAgainstItsTarget() {
        MetricDefinition perQuery = new MetricDefinition("tpch.*.seconds", "per-query p50", "s", new MetricTarget("<=", 1), false);
        CheckpointCatalogue catalogue = new CheckpointCatalogue(1, List.of(new Goal(3, "Analytics")),
                new CheckpointCatalogue.EnvironmentSection("the environment", List.of()),
                List.of(new Checkpoint("3.2", "Query performance", 3, "TPC-H", List.of(), List.of(), "the TPC-H suite",
                        List.of(perQuery))));

        GateReport report = new GateEvaluator(catalogue).evaluate(RunInputs.of(List.of(pass("q()", "3.2")), List.of(
                figure("3.2", "tpch.q01.seconds", 0.4, "s"),
                figure("3.2", "tpch.q09.seconds", 1.5, "s"),
                figure("3.2", "tpch.q01.extra.seconds", 9, "s"))), Fixtures.NOW);

        List<MetricResult> metrics = report.checkpoint("3.2").metrics();
        assertThat(metrics).as("metrics of 3.2").extracting(MetricResult::id)
                .containsExactly("tpch.q01.seconds", "tpch.q09.seconds", "tpch.q01.extra.seconds");
        assertThat(metrics).as("statuses: q01 met, q09 missed, a two-segment id outside the family")
                .extracting(MetricResult::status)
                .containsExactly(MetricStatus.MET, MetricStatus.MISSED, MetricStatus.NO_TARGET);
    }

    @Test
    void familyMetricWithoutFiguresIsNotMeasured() {
        MetricDefinition perQuery = new MetricDefinition("tpch.*.seconds", "per-query p50", "s", null, false);

        MetricResult result = GateEvaluator.measure(perQuery, null);

        assertThat(result.status()).as("status of a family without figures").isEqualTo(MetricStatus.NOT_MEASURED);
        assertThat(perQuery.covers("tpch.q22.seconds")).as("tpch.q22.seconds in tpch.*.seconds").isTrue();
        assertThat(perQuery.covers("tpch.seconds")).as("tpch.seconds in tpch.*.seconds").isFalse();
    }

    @Test
    void lastFigureWithAnIdWins() {
        GateReport report = evaluate(List.of(), List.of(
                figure("1.1", "s3.put.throughput", 100, "MB/s"),
                figure("1.1", "s3.put.throughput", 250, "MB/s")));

        assertThat(report.checkpoint("1.1").metrics()).as("metrics of 1.1").hasSize(1);
        assertThat(report.checkpoint("1.1").metrics().get(0).value()).as("PUT throughput value").isEqualTo(250.0);
        assertThat(report.figures()).as("all figures are kept").hasSize(2);
    }

    @Test
    void figureNotInTheCatalogueIsShownWithoutTarget() {
        GateReport report = evaluate(List.of(), List.of(figure("1.1", "s3.delete.seconds", 0.2, "s")));

        assertThat(report.checkpoint("1.1").metrics()).as("metrics of 1.1")
                .anySatisfy(m -> {
                    assertThat(m.id()).as("id").isEqualTo("s3.delete.seconds");
                    assertThat(m.status()).as("status").isEqualTo(MetricStatus.NO_TARGET);
                    assertThat(m.note()).as("note").contains("not defined in the checkpoint catalogue");
                });
    }

    @Test
    void testNamingUnknownCheckpointIsReportedAndFailsTheGate() {
        GateReport report = evaluate(List.of(pass("a()", "1.1"), pass("b()", "9.9")), List.of());

        assertThat(report.unknownCheckpoints()).as("unknown checkpoint references")
                .containsExactly(new GateReport.UnknownReference("9.9", "test", "b()", "PASS"));
        assertThat(report.verdict()).as("gate verdict").isEqualTo(Verdict.FAIL);
        assertThat(report.records()).as("the record is still among the raw records").hasSize(2);
    }

    @Test
    void figureNamingUnknownCheckpointIsReportedAndFailsTheGate() {
        GateReport report = evaluate(List.of(pass("a()", "1.1")), List.of(figure("7.1", "x.seconds", 1, "s")));

        assertThat(report.unknownCheckpoints()).as("unknown checkpoint references")
                .containsExactly(new GateReport.UnknownReference("7.1", "figure", "x.seconds", null));
        assertThat(report.verdict()).as("gate verdict").isEqualTo(Verdict.FAIL);
    }

    @Test
    void failingTestNamingNoCheckpointFailsTheGate() {
        GateReport report = evaluate(List.of(pass("a()", "1.1"), fail("orphan()", "boom")), List.of());

        assertThat(report.unmappedTests()).as("tests naming no checkpoint").extracting(TestRecord::name).containsExactly("orphan()");
        assertThat(report.verdict()).as("gate verdict").isEqualTo(Verdict.FAIL);
    }

    @Test
    void failsafeCountDifferentFromRecordsMarksResultsIncompleteAndFailsTheGate() {
        RunInputs inputs = RunInputs.of(List.of(pass("a()", "1.1"), pass("b()", "1.1")), List.of())
                .withFailsafe(new FailsafeSummary("0", false, 3, 0, 0, 0, null));

        GateReport report = new GateEvaluator(Fixtures.CATALOGUE).evaluate(inputs, Fixtures.NOW);

        assertThat(report.completeness().complete()).as("results complete").isFalse();
        assertThat(report.completeness().message()).as("completeness message")
                .startsWith("results incomplete").contains("failsafe ran 3 tests").contains("2 test records");
        assertThat(report.checkpoint("1.1").verdict()).as("verdict of 1.1").isEqualTo(Verdict.PASS);
        assertThat(report.verdict()).as("gate verdict").isEqualTo(Verdict.FAIL);
    }

    @Test
    void classLevelRecordsAreNotCountedAgainstFailsafe() {
        TestRecord classLevel = new TestRecord("S3IntegrationTest", "x.S3IntegrationTest", null, List.of("1.1"),
                TestStatus.FAIL, null, "@BeforeAll failed", null, null);
        RunInputs inputs = RunInputs.of(List.of(pass("a()", "1.1"), classLevel), List.of())
                .withFailsafe(new FailsafeSummary("255", false, 1, 1, 0, 0, null));

        GateReport report = new GateEvaluator(Fixtures.CATALOGUE).evaluate(inputs, Fixtures.NOW);

        assertThat(report.completeness().complete()).as("results complete").isTrue();
        assertThat(report.completeness().recordedTests()).as("recorded method records").isEqualTo(1);
        assertThat(report.checkpoint("1.1").verdict()).as("class-level failure fails 1.1").isEqualTo(Verdict.FAIL);
    }

    @Test
    void withoutFailsafeSummaryCompletenessIsNotChecked() {
        GateReport report = evaluate(List.of(pass("a()", "1.1")), List.of());

        assertThat(report.completeness().checked()).as("completeness checked").isFalse();
        assertThat(report.verdict()).as("gate verdict").isEqualTo(Verdict.PASS);
    }

    @Test
    void readyTimeFromEnvironmentJsonIsComparedWithItsTarget() {
        EnvironmentInfo environment = new EnvironmentInfo("ephemeral", "processes", "lh-1", null, 75.0, List.of(), Map.of(),
                JsonNodeFactory.instance.objectNode());
        RunInputs inputs = RunInputs.of(List.of(pass("a()", "1.1")), List.of()).withEnvironment(environment);

        GateReport report = new GateEvaluator(Fixtures.CATALOGUE).evaluate(inputs, Fixtures.NOW);

        assertThat(report.environmentMetrics().get(0).value()).as("ready time").isEqualTo(75.0);
        assertThat(report.environmentMetrics().get(0).status()).as("ready time status").isEqualTo(MetricStatus.MISSED);
        assertThat(report.verdict()).as("gate verdict (ready time is not gating)").isEqualTo(Verdict.PASS);
    }

    @Test
    void failedCheckpointLinksTheLogsOfItsComponents() {
        EnvironmentInfo environment = new EnvironmentInfo("ephemeral", "processes", "lh-1", null, 20.0, List.of(),
                Map.of("ceph", "/run/ceph.log", "trino", "/run/trino.log"), JsonNodeFactory.instance.objectNode());
        RunInputs inputs = RunInputs.of(List.of(fail("a()", "boom", "1.1"), pass("b()", "3.2")), List.of()).withEnvironment(environment);

        GateReport report = new GateEvaluator(Fixtures.CATALOGUE).evaluate(inputs, Fixtures.NOW);

        assertThat(report.checkpoint("1.1").logs()).as("logs of failed 1.1").containsExactly(Map.entry("ceph", "/run/ceph.log"));
        assertThat(report.checkpoint("3.2").logs()).as("logs of passed 3.2").isEmpty();
    }

    @Test
    void everyCatalogueCheckpointAppearsInTheReport() {
        GateReport report = new GateEvaluator(CheckpointCatalogue.loadDefault()).evaluate(RunInputs.of(List.of(), List.of()), Fixtures.NOW);

        assertThat(report.checkpoints()).as("checkpoints of an empty run").hasSize(CheckpointCatalogue.loadDefault().checkpoints().size())
                .allSatisfy(c -> assertThat(c.verdict()).as("verdict of %s", c.id()).isEqualTo(Verdict.NOT_VERIFIED));
        assertThat(report.verdict()).as("gate verdict of an empty run").isEqualTo(Verdict.PASS);
    }
}
