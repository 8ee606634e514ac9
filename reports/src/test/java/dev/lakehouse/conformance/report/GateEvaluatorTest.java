package dev.lakehouse.conformance.report;

import static dev.lakehouse.conformance.report.Fixtures.evaluate;
import static dev.lakehouse.conformance.report.Fixtures.fail;
import static dev.lakehouse.conformance.report.Fixtures.failVerifying;
import static dev.lakehouse.conformance.report.Fixtures.passVerifying;
import static dev.lakehouse.conformance.report.Fixtures.skippedVerifying;
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
        assertThat(report.checkpoint("1.1").reason()).as("reason of 1.1").isEqualTo("all 2 criteria verified");
        assertThat(report.checkpoint("1.1").criteria()).as("criteria of 1.1, verified by tests naming only the checkpoint")
                .extracting(CriterionResult::verdict).containsOnly(Verdict.PASS);
    }

    @Test
    void testVerifyingACriterionCountsOnlyForThatCriterion() {
        GateReport report = evaluate(List.of(passVerifying("objects()", "1.1.objects")), List.of());

        CheckpointResult result = report.checkpoint("1.1");
        assertThat(result.criteria()).as("verdicts of 1.1's criteria").extracting(CriterionResult::id, CriterionResult::verdict)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("1.1.objects", Verdict.PASS),
                        org.assertj.core.groups.Tuple.tuple("1.1.lifecycle", Verdict.NOT_VERIFIED));
        assertThat(result.criteria().get(1).reason()).as("reason of the unverified criterion")
                .isEqualTo("no test verifies it yet: the lifecycle suite");
    }

    @Test
    void checkpointIsPartialWhenSomeCriteriaPassAndNoneFail() {
        GateReport report = evaluate(List.of(passVerifying("objects()", "1.1.objects"),
                skippedVerifying("expiry()", "lifecycle runs daily on this target", "1.1.lifecycle")), List.of());

        CheckpointResult result = report.checkpoint("1.1");
        assertThat(result.verdict()).as("verdict of 1.1 with one of two criteria verified").isEqualTo(Verdict.PARTIAL);
        assertThat(result.reason()).as("reason of 1.1").startsWith("1 of 2 criteria verified")
                .contains("1.1.lifecycle NOT VERIFIED: 1 skipped: lifecycle runs daily on this target");
        assertThat(report.verdict()).as("gate verdict (PARTIAL does not fail it)").isEqualTo(Verdict.PASS);
    }

    @Test
    void aSkippedTestLeavesItsCriterionNotVerifiedEvenWhenOthersPassed() {
        GateReport report = evaluate(List.of(passVerifying("a()", "1.1.objects"),
                skippedVerifying("b()", "target lacks KUBERNETES", "1.1.objects")), List.of());

        CriterionResult objects = report.checkpoint("1.1").criteria().get(0);
        assertThat(objects.verdict()).as("verdict of 1.1.objects").isEqualTo(Verdict.NOT_VERIFIED);
        assertThat(objects.reason()).as("reason of 1.1.objects").isEqualTo("1 test passed, but 1 skipped: target lacks KUBERNETES");
        assertThat(objects.tests()).as("tests of 1.1.objects").containsExactly("PASS a()", "NA b()");
    }

    @Test
    void aNotApplicableTestIsReportedWithoutLeavingTheCriterionUnverified() {
        GateReport report = evaluate(List.of(passVerifying("select()", "3.3.speedup"),
                skippedVerifying("throughTrino()", "not applicable: Trino removed S3 Select in 427", "3.3.speedup")), List.of());

        CriterionResult speedup = report.checkpoint("3.3").criteria().get(0);
        assertThat(speedup.verdict()).as("verdict of 3.3.speedup").isEqualTo(Verdict.PASS);
        assertThat(speedup.reason()).as("reason").isEqualTo("1 test passed; not applicable: throughTrino()");
    }

    @Test
    void aFailingCriterionFailsItsCheckpointEvenWhenTheOthersPass() {
        GateReport report = evaluate(List.of(passVerifying("a()", "1.1.objects"), failVerifying("b()", "expired too much", "1.1.lifecycle")),
                List.of());

        assertThat(report.checkpoint("1.1").verdict()).as("verdict of 1.1").isEqualTo(Verdict.FAIL);
        assertThat(report.checkpoint("1.1").reason()).as("reason of 1.1").isEqualTo("1 criterion failed (1.1.lifecycle); 1 test failed: b()");
        assertThat(report.verdict()).as("gate verdict").isEqualTo(Verdict.FAIL);
    }

    @Test
    void aGatingMetricNotMeasuredLeavesItsCriterionNotVerified() {
        GateReport report = evaluate(List.of(passVerifying("q()", "3.2.latency")), List.of());

        CriterionResult latency = report.checkpoint("3.2").criteria().get(0);
        assertThat(latency.verdict()).as("verdict of 3.2.latency without its p95 figure").isEqualTo(Verdict.NOT_VERIFIED);
        assertThat(latency.reason()).as("reason").isEqualTo("1 test passed, but gating metric not measured: trino.query.p95.seconds");
        assertThat(report.checkpoint("3.2").verdict()).as("verdict of 3.2").isEqualTo(Verdict.NOT_VERIFIED);
    }

    @Test
    void aCriterionRequiringACapabilityTheTargetLacksIsNotVerifiedWhateverPassed() {
        CheckpointCatalogue catalogue = new CheckpointCatalogue(1, List.of(new Goal(2, "Compute")),
                new CheckpointCatalogue.EnvironmentSection("the environment", List.of()),
                List.of(new Checkpoint("2.2", "Spark jobs", 2, "Spark", List.of("spark"), List.of(
                        new Criterion("2.2.crds", "Run via SparkApplication CRDs", null, "the Kubernetes issue", List.of("KUBERNETES"))),
                        List.of())));
        EnvironmentInfo local = new EnvironmentInfo("ephemeral", "processes", "lh-1", null, 20.0, List.of(), Map.of(),
                JsonNodeFactory.instance.objectNode().set("capabilities", JsonNodeFactory.instance.arrayNode().add("SPARK")));
        RunInputs inputs = RunInputs.of(List.of(passVerifying("manifestRunsThroughSparkSubmit()", "2.2.crds")), List.of())
                .withEnvironment(local);

        CriterionResult crds = new GateEvaluator(catalogue).evaluate(inputs, Fixtures.NOW).checkpoint("2.2").criteria().get(0);

        assertThat(crds.verdict()).as("verdict of 2.2.crds on a target without Kubernetes").isEqualTo(Verdict.NOT_VERIFIED);
        assertThat(crds.reason()).as("reason").isEqualTo("needs a target with KUBERNETES, which the ephemeral target lacks; "
                + "what runs without it passed: 1 test; planned: the Kubernetes issue");
    }

    @Test
    void summaryLeadsWithTheCriteriaVerified() {
        GateReport report = evaluate(List.of(passVerifying("a()", "1.1.objects"), failVerifying("b()", "boom", "1.1.lifecycle")),
                List.of());

        GateReport.Summary summary = report.summary();
        assertThat(List.of(summary.criteria(), summary.criteriaVerified(), summary.criteriaFailed(), summary.criteriaNotVerified()))
                .as("criteria: all, verified, failed, not verified").containsExactly(4, 1, 1, 2);
        assertThat(ReportText.criteriaCounts(summary, null)).as("summary line")
                .isEqualTo("1 of 4 plan criteria verified (1 FAIL, 2 NOT VERIFIED)");
    }

    @Test
    void testNamingUnknownCriterionIsReportedAndFailsTheGate() {
        GateReport report = evaluate(List.of(passVerifying("a()", "1.1.objects"), passVerifying("b()", "1.1.typo")), List.of());

        assertThat(report.unknownCheckpoints()).as("unknown references")
                .containsExactly(new GateReport.UnknownReference("1.1.typo", "criterion of test", "b()", "PASS"));
        assertThat(report.verdict()).as("gate verdict").isEqualTo(Verdict.FAIL);
    }

    @Test
    void aSecretFoundInWhatThePlatformWroteFailsTheGate() {
        RunInputs inputs = RunInputs.of(List.of(pass("a()", "1.1")), List.of())
                .withSecretFindings(List.of(new SecretFinding("S3 secret key", "logs/spark-clean-attempt1.log", 42, "key=****")));

        GateReport report = new GateEvaluator(Fixtures.CATALOGUE).evaluate(inputs, Fixtures.NOW);

        assertThat(report.verdict()).as("gate verdict").isEqualTo(Verdict.FAIL);
        assertThat(report.gateReasons()).as("gate reasons")
                .anySatisfy(r -> assertThat(r).contains("1 secret of the run found").contains("logs/spark-clean-attempt1.log:42 (S3 secret key)"));
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
        assertThat(result.criteria().get(0).reason()).as("reason of 3.3.speedup")
                .isEqualTo("3 skipped: target has no S3 Select; Spark is not deployed");
    }

    @Test
    void checkpointWithoutRecordsIsNotVerifiedNamingWhereItIsPlanned() {
        GateReport report = evaluate(List.of(), List.of());

        assertThat(report.checkpoint("3.2").verdict()).as("verdict of 3.2").isEqualTo(Verdict.NOT_VERIFIED);
        assertThat(report.checkpoint("3.2").reason()).as("reason of 3.2")
                .isEqualTo("none of its 1 criterion verified; 3.2.latency: no test verifies it yet: the TPC-H suite");
    }

    @Test
    void notVerifiedCheckpointsDoNotFailTheGate() {
        GateReport report = evaluate(List.of(pass("a()", "1.1")), List.of());

        assertThat(report.verdict()).as("gate verdict with 1.1 passed and the rest not verified").isEqualTo(Verdict.PASS);
        assertThat(report.summary().notVerified()).as("number of NOT VERIFIED checkpoints").isEqualTo(2);
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
    void nonGatingMetricMissKeepsTheCheckpointFromPassButNotTheGate() {
        GateReport report = evaluate(List.of(pass("select()", "3.3")),
                List.of(figure("3.3", "s3select.speedup", 1.8, "ratio")));

        CheckpointResult result = report.checkpoint("3.3");
        assertThat(result.verdict()).as("verdict of 3.3 with speed-up 1.8 < 2.5").isEqualTo(Verdict.PARTIAL);
        assertThat(result.metrics().get(0).status()).as("status of the speed-up metric").isEqualTo(MetricStatus.MISSED);
        assertThat(result.reason()).as("reason of 3.3").contains("target missed (not gating): s3select.speedup = 1.8");
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
                List.of(new Checkpoint("3.2", "Query performance", 3, "TPC-H", List.of(),
                        List.of(new Criterion("3.2.latency", "Queries under 10 s", null, "the TPC-H suite")), List.of(perQuery))));

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
        RunInputs inputs = Fixtures.inputs(List.of(pass("a()", "1.1"), pass("b()", "1.1")), List.of())
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
        TestRecord classLevel = new TestRecord("S3IntegrationTest", "x.S3IntegrationTest", null, List.of("1.1"), List.of(),
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
    void aComponentMatchesTheLogLabelsItPrefixes() {
        EnvironmentInfo environment = new EnvironmentInfo("ephemeral", "processes", "lh-1", null, 20.0, List.of(),
                Map.of("ceph-mon", "/run/mon.log", "ceph-osd", "/run/osd.log", "cephalopod", "/run/x.log", "trino", "/run/trino.log"),
                JsonNodeFactory.instance.objectNode());
        RunInputs inputs = RunInputs.of(List.of(fail("a()", "boom", "1.1")), List.of()).withEnvironment(environment);

        GateReport report = new GateEvaluator(Fixtures.CATALOGUE).evaluate(inputs, Fixtures.NOW);

        assertThat(report.checkpoint("1.1").logs()).as("logs linked for component ceph")
                .containsOnlyKeys("ceph-mon", "ceph-osd");
    }

    @Test
    void everyCatalogueCheckpointAppearsInTheReport() {
        GateReport report = new GateEvaluator(CheckpointCatalogue.loadDefault()).evaluate(RunInputs.of(List.of(), List.of()), Fixtures.NOW);

        assertThat(report.checkpoints()).as("checkpoints of an empty run").hasSize(CheckpointCatalogue.loadDefault().checkpoints().size())
                .allSatisfy(c -> assertThat(c.verdict()).as("verdict of %s", c.id()).isEqualTo(Verdict.NOT_VERIFIED));
        assertThat(report.verdict()).as("gate verdict of an empty run").isEqualTo(Verdict.PASS);
    }
}
