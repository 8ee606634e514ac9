package dev.lakehouse.conformance.report;

import static dev.lakehouse.conformance.report.Fixtures.PERCENT_KEY_ABORT;
import static dev.lakehouse.conformance.report.Fixtures.SIZE_FILTER_IGNORED;
import static dev.lakehouse.conformance.report.Fixtures.cephEnvironment;
import static dev.lakehouse.conformance.report.Fixtures.failVerifying;
import static dev.lakehouse.conformance.report.Fixtures.passVerifying;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The gate's rules for tests that name known platform defects (known-defects.yaml, environment.json's knownDefectPolicy). */
class KnownDefectRulesTest {
    private static final String COPY_TEST = "S3CopyTest > uploadPartCopyOfAPartitionPathKeyWithPercent()";
    private static final String LIFECYCLE_TEST = "S3LifecycleTest > sizeFilteredRuleExpiresOnlyObjectsOfItsSize()";

    private final TestRecord copyFails = failVerifying(COPY_TEST, "radosgw closed the connection", "1.1.objects")
            .withKnownDefects(PERCENT_KEY_ABORT);

    private static GateReport evaluate(EnvironmentInfo environment, TestRecord... records) {
        return new GateEvaluator(Fixtures.CATALOGUE).evaluate(Fixtures.inputs(List.of(records), List.of()).withEnvironment(environment), Fixtures.NOW);
    }

    @Test
    void aFailureInsideTheDefectsRangeIsAKnownDefectFailureAndItsCriterionFails() {
        GateReport report = evaluate(cephEnvironment("16.2.15", null), copyFails, passVerifying("put()", "1.1.lifecycle"));

        CriterionResult objects = report.checkpoint("1.1").criteria().get(0);
        assertThat(objects.verdict()).as("verdict of 1.1.objects").isEqualTo(Verdict.FAIL);
        assertThat(objects.reason()).as("reason of 1.1.objects").startsWith("known defect " + PERCENT_KEY_ABORT + ": radosgw aborts");
        assertThat(objects.tests()).as("tests of 1.1.objects").containsExactly("FAIL (KNOWN DEFECT " + PERCENT_KEY_ABORT + ") " + COPY_TEST);
        assertThat(report.checkpoint("1.1").verdict()).as("verdict of 1.1").isEqualTo(Verdict.FAIL);
        assertThat(report.checkpoint("1.1").reason()).as("reason of 1.1").contains("1 FAIL (KNOWN DEFECT): " + COPY_TEST + " (" + PERCENT_KEY_ABORT + ")");
        assertThat(report.knownDefects().failures()).as("known-defect failures").singleElement().satisfies(f -> {
            assertThat(f.test()).as("test").isEqualTo(COPY_TEST);
            assertThat(f.componentVersion()).as("version under test").isEqualTo("16.2.15");
            assertThat(f.reference()).as("reference").contains("S3CopyTest > uploadPartCopyOfAKeyWithAStrayPercent");
            assertThat(f.accepted()).as("accepted without a policy").isFalse();
        });
        assertThat(report.summary().testsFailedKnownDefect()).as("summary: known-defect failures").isEqualTo(1);
        assertThat(report.summary().knownDefectFailures()).as("summary: their list")
                .containsExactly("FAIL (KNOWN DEFECT " + PERCENT_KEY_ABORT + ") " + COPY_TEST);
    }

    @Test
    void withoutAPolicyAKnownDefectFailsTheGateLikeAnyFailure() {
        GateReport report = evaluate(cephEnvironment("16.2.15", null), copyFails);

        assertThat(report.verdict()).as("gate verdict without knownDefectPolicy").isEqualTo(Verdict.FAIL);
        assertThat(report.gateReasons()).as("gate reasons").singleElement().asString()
                .startsWith("checkpoint 1.1 S3 integration FAILED: ")
                .endsWith("known defects not accepted: " + PERCENT_KEY_ABORT + " (environment.json sets no knownDefectPolicy: no known defect is accepted)");
    }

    @Test
    void aCheckpointFailingOnlyThroughAcceptedKnownDefectsDoesNotFailTheGate() {
        GateReport report = evaluate(cephEnvironment("16.2.15", List.of("*")), copyFails, passVerifying("put()", "1.1.lifecycle"));

        assertThat(report.verdict()).as("gate verdict with every known defect accepted").isEqualTo(Verdict.PASS);
        assertThat(report.checkpoint("1.1").verdict()).as("verdict of 1.1 (acceptance changes only the gate)").isEqualTo(Verdict.FAIL);
        assertThat(report.checkpoint("1.1").criteria().get(0).verdict()).as("verdict of 1.1.objects").isEqualTo(Verdict.FAIL);
        assertThat(report.gateReasons()).as("gate reasons list the accepted known defect").singleElement().asString()
                .startsWith("accepted known defects (not failing the gate): checkpoint 1.1 S3 integration FAILED only through "
                        + COPY_TEST + " (" + PERCENT_KEY_ABORT + ")")
                .endsWith("policy from release policy 2026-12 accepts every known defect");
        assertThat(report.blockingReasons()).as("reasons that fail the gate").isEmpty();
        assertThat(report.summary().knownDefectsAccepted()).as("summary: accepted known-defect failures").isEqualTo(1);
    }

    @Test
    void aPolicyAcceptsOnlyTheDefectsItNames() {
        EnvironmentInfo environment = cephEnvironment("16.2.15", List.of(SIZE_FILTER_IGNORED));
        TestRecord lifecycleFails = failVerifying(LIFECYCLE_TEST, "expired a large object", "1.1.lifecycle").withKnownDefects(SIZE_FILTER_IGNORED);

        GateReport onlyAccepted = evaluate(environment, lifecycleFails);
        GateReport withAnother = evaluate(environment, lifecycleFails, copyFails);

        assertThat(onlyAccepted.verdict()).as("gate verdict when the only failure is the accepted defect").isEqualTo(Verdict.PASS);
        assertThat(withAnother.verdict()).as("gate verdict when a defect the policy does not name fails too").isEqualTo(Verdict.FAIL);
        assertThat(withAnother.blockingReasons()).as("gate reasons").singleElement().asString()
                .contains("known defects not accepted: " + PERCENT_KEY_ABORT + " (policy from release policy 2026-12 accepts " + SIZE_FILTER_IGNORED + ")");
    }

    @Test
    void anAcceptedKnownDefectDoesNotHideAnOrdinaryFailureOfTheSameCheckpoint() {
        GateReport report = evaluate(cephEnvironment("16.2.15", List.of("*")), copyFails,
                failVerifying("expiry()", "kept an expired object", "1.1.lifecycle"));

        assertThat(report.verdict()).as("gate verdict").isEqualTo(Verdict.FAIL);
        assertThat(report.checkpoint("1.1").reason()).as("reason of 1.1")
                .contains("1 test failed: expiry()").contains("1 FAIL (KNOWN DEFECT): " + COPY_TEST);
    }

    @Test
    void aFailureOutsideTheDefectsRangeIsAnOrdinaryFailureSayingSo() {
        GateReport report = evaluate(cephEnvironment("17.2.7", List.of("*")), copyFails);

        CriterionResult objects = report.checkpoint("1.1").criteria().get(0);
        assertThat(objects.reason()).as("reason of 1.1.objects on ceph 17.2.7")
                .isEqualTo("1 test failed: " + COPY_TEST + "; known defect " + PERCENT_KEY_ABORT
                        + " affects ceph 16.2.0 to before 17.0.0, which does not cover ceph 17.2.7 (" + COPY_TEST + ")");
        assertThat(objects.tests()).as("tests of 1.1.objects").containsExactly("FAIL " + COPY_TEST);
        assertThat(report.knownDefects().failures()).as("known-defect failures").isEmpty();
        assertThat(report.verdict()).as("gate verdict (the policy accepts known defects, but this is not one)").isEqualTo(Verdict.FAIL);
    }

    @Test
    void aFailureWithTheComponentVersionUnknownIsAnOrdinaryFailure() {
        GateReport report = evaluate(cephEnvironment(null, List.of("*")), copyFails);

        assertThat(report.checkpoint("1.1").criteria().get(0).reason()).as("reason of 1.1.objects without a ceph version")
                .contains("which does not cover this environment (it gives no ceph version)");
        assertThat(report.verdict()).as("gate verdict").isEqualTo(Verdict.FAIL);
    }

    @Test
    void aPassInsideTheRangeFlagsTheDefectAsNoLongerReproducing() {
        TestRecord copyPasses = passVerifying(COPY_TEST, "1.1.objects").withKnownDefects(PERCENT_KEY_ABORT);

        GateReport report = evaluate(cephEnvironment("16.2.15", null), copyPasses);

        assertThat(report.checkpoint("1.1").criteria().get(0).verdict()).as("verdict of 1.1.objects").isEqualTo(Verdict.PASS);
        assertThat(report.summary().staleKnownDefects()).as("summary warnings").containsExactly("known defect " + PERCENT_KEY_ABORT
                + " no longer reproduces on ceph 16.2.15 (" + COPY_TEST + " passed): update known-defects.yaml");
        assertThat(report.verdict()).as("gate verdict").isEqualTo(Verdict.PASS);
    }

    @Test
    void aPassOutsideTheRangeFlagsNothing() {
        GateReport report = evaluate(cephEnvironment("17.2.7", null), passVerifying(COPY_TEST, "1.1.objects").withKnownDefects(PERCENT_KEY_ABORT));

        assertThat(report.knownDefects().stale()).as("stale known defects on ceph 17.2.7").isEmpty();
    }

    @Test
    void aRecordNamingADefectNotInTheListFailsTheGate() {
        TestRecord record = passVerifying("a()", "1.1.objects").withKnownDefects("rgw-made-up");

        GateReport report = evaluate(cephEnvironment("16.2.15", List.of("*")), record);

        assertThat(report.knownDefects().unknownIds()).as("unknown known-defect ids")
                .containsExactly(new GateReport.UnknownReference("rgw-made-up", "known defect of test", "a()", "PASS"));
        assertThat(report.verdict()).as("gate verdict").isEqualTo(Verdict.FAIL);
        assertThat(report.gateReasons()).as("gate reasons").singleElement().asString()
                .isEqualTo("1 reference to known defects not in known-defects.yaml (classpath:/known-defects.yaml): rgw-made-up (test a())");
    }
}
