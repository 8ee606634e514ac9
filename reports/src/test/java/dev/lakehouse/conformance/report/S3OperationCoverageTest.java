package dev.lakehouse.conformance.report;

import static dev.lakehouse.conformance.report.Fixtures.PERCENT_KEY_ABORT;
import static dev.lakehouse.conformance.report.Fixtures.cephEnvironment;
import static dev.lakehouse.conformance.report.Fixtures.failVerifying;
import static dev.lakehouse.conformance.report.Fixtures.pass;
import static dev.lakehouse.conformance.report.Fixtures.passVerifying;
import static dev.lakehouse.conformance.report.Fixtures.skippedVerifying;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Checkpoint 1.1's criteria generated from the S3 operations the platform sent (s3-operations.json). */
class S3OperationCoverageTest {
    private static final S3Operations.Operation UPLOAD_PART_COPY = new S3Operations.Operation("UploadPartCopy", 3, 1,
            Fixtures.counts("suite", 2, "s3a", 1), Fixtures.counts("200", 2, "500", 1), List.of("copy-source-range", "key-percent"),
            "PUT /bucket/key?partNumber=1&uploadId=x HTTP/1.1");
    private static final S3Operations.Operation PUT_BUCKET_TAGGING = new S3Operations.Operation("PutBucketTagging", 4, 0,
            Map.of("suite", 4L), Map.of("200", 4L), List.of(), null);
    private static final S3Operations OPS_LOG = new S3Operations("radosgw ops log, ceph 16.2.15", 7L, 0L,
            List.of(UPLOAD_PART_COPY, PUT_BUCKET_TAGGING));

    private static GateReport evaluate(S3Operations operations, TestRecord... records) {
        RunInputs inputs = RunInputs.of(List.of(records), List.of()).withS3Operations(operations);
        return new GateEvaluator(Fixtures.CATALOGUE).evaluate(inputs, Fixtures.NOW);
    }

    private static CriterionResult criterion(GateReport report, String id) {
        return report.checkpoint("1.1").criteria().stream().filter(c -> c.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no criterion " + id + " in 1.1"));
    }

    @Test
    void eachOperationThePlatformSentBecomesACriterionOf11() {
        GateReport report = evaluate(OPS_LOG, passVerifying("a()", "1.1.objects", "1.1.lifecycle"));

        assertThat(report.checkpoint("1.1").criteria()).as("criteria of 1.1: the catalogue's, then one per operation the platform sent")
                .extracting(CriterionResult::id).containsExactly("1.1.objects", "1.1.lifecycle", "1.1.s3-op.UploadPartCopy");
        assertThat(criterion(report, "1.1.s3-op.UploadPartCopy").title()).as("title").isEqualTo("S3 UploadPartCopy as the platform sends it");
    }

    @Test
    void anOperationACovering11TestPassedIsVerified() {
        GateReport report = evaluate(OPS_LOG, pass("S3CopyTest > copy()", "1.1").withS3Operations("CopyObject", "UploadPartCopy"));

        CriterionResult copy = criterion(report, "1.1.s3-op.UploadPartCopy");
        assertThat(copy.verdict()).as("verdict").isEqualTo(Verdict.PASS);
        assertThat(copy.tests()).as("covering tests").containsExactly("PASS S3CopyTest > copy()");
        assertThat(report.s3Operations().platform()).as("the report's operations the platform sent").singleElement()
                .satisfies(o -> {
                    assertThat(o.verdict()).as("verdict").isEqualTo(Verdict.PASS);
                    assertThat(o.tests()).as("covering tests").containsExactly("PASS S3CopyTest > copy()");
                });
    }

    @Test
    void anOperationNo11TestCoversIsNotVerifiedNamingItsRequests() {
        TestRecord otherCheckpoint = pass("TrinoTest > ctas()", "3.2").withS3Operations("UploadPartCopy");

        GateReport report = evaluate(OPS_LOG, passVerifying("a()", "1.1.objects", "1.1.lifecycle"), otherCheckpoint);

        CriterionResult copy = criterion(report, "1.1.s3-op.UploadPartCopy");
        assertThat(copy.verdict()).as("verdict").isEqualTo(Verdict.NOT_VERIFIED);
        assertThat(copy.reason()).as("reason (a 3.2 test does not count)")
                .isEqualTo("the platform sent UploadPartCopy (1 request from s3a 1) and no 1.1 conformance test covers it");
        assertThat(report.checkpoint("1.1").verdict()).as("verdict of 1.1").isEqualTo(Verdict.PARTIAL);
    }

    @Test
    void anOperationWhoseCoveringTestsWereSkippedIsNotVerifiedWithTheirReasons() {
        TestRecord skipped = skippedVerifying("S3CopyTest > copy()", "multipart copy disabled on this target", "1.1.objects")
                .withS3Operations("UploadPartCopy");

        CriterionResult copy = criterion(evaluate(OPS_LOG, skipped), "1.1.s3-op.UploadPartCopy");

        assertThat(copy.verdict()).as("verdict").isEqualTo(Verdict.NOT_VERIFIED);
        assertThat(copy.reason()).as("reason").isEqualTo("1 skipped: multipart copy disabled on this target");
    }

    @Test
    void anOperationWhoseCoveringTestFailedOfAKnownDefectFails() {
        TestRecord copyFails = failVerifying("S3CopyTest > uploadPartCopyOfAPartitionPathKeyWithPercent()", "gateway down", "1.1.objects")
                .withKnownDefects(PERCENT_KEY_ABORT).withS3Operations("UploadPartCopy");
        RunInputs inputs = RunInputs.of(List.of(copyFails), List.of()).withS3Operations(OPS_LOG)
                .withEnvironment(cephEnvironment("16.2.15", null));

        GateReport report = new GateEvaluator(Fixtures.CATALOGUE).evaluate(inputs, Fixtures.NOW);

        CriterionResult copy = criterion(report, "1.1.s3-op.UploadPartCopy");
        assertThat(copy.verdict()).as("verdict").isEqualTo(Verdict.FAIL);
        assertThat(copy.reason()).as("reason").startsWith("known defect " + PERCENT_KEY_ABORT + ": ");
        assertThat(report.checkpoint("1.1").reason()).as("reason of 1.1").startsWith("2 criteria failed (1.1.objects, 1.1.s3-op.UploadPartCopy)");
    }

    @Test
    void operationsOnlyTheSuitesSentAreListedButNotCriteria() {
        GateReport report = evaluate(OPS_LOG);

        assertThat(report.checkpoint("1.1").criteria()).as("criteria of 1.1").extracting(CriterionResult::id)
                .doesNotContain("1.1.s3-op.PutBucketTagging");
        assertThat(report.s3Operations().suiteOnly()).as("operations only the suites sent").extracting(S3Operations.Operation::operation)
                .containsExactly("PutBucketTagging");
    }

    @Test
    void withoutAnOpsLog11GetsOneCoverageCriterionNotVerified() {
        GateReport report = evaluate(null, passVerifying("a()", "1.1.objects", "1.1.lifecycle"));

        CriterionResult coverage = criterion(report, "1.1.s3-op-coverage");
        assertThat(coverage.verdict()).as("verdict").isEqualTo(Verdict.NOT_VERIFIED);
        assertThat(coverage.reason()).as("reason")
                .isEqualTo("the target's S3 traffic was not recorded (no ops log): which operations the platform uses is unknown");
        assertThat(report.s3Operations().recorded()).as("traffic recorded").isFalse();
        assertThat(report.checkpoint("1.1").verdict()).as("verdict of 1.1").isEqualTo(Verdict.PARTIAL);
        assertThat(report.verdict()).as("gate verdict").isEqualTo(Verdict.PASS);
    }

    @Test
    void recordsNamingGeneratedCriteriaAreNotUnknownReferencesAndCoverTheirOperation() {
        GateReport report = evaluate(OPS_LOG, passVerifying("copy()", "1.1.s3-op.UploadPartCopy"),
                passVerifying("coverage()", "1.1.s3-op-coverage"));

        assertThat(report.unknownCheckpoints()).as("unknown references").isEmpty();
        assertThat(criterion(report, "1.1.s3-op.UploadPartCopy").verdict()).as("verdict of the operation named by id").isEqualTo(Verdict.PASS);
        assertThat(criterion(report, "1.1.objects").tests()).as("a test naming only a generated criterion does not count for the catalogue's")
                .isEmpty();
        assertThat(report.verdict()).as("gate verdict").isEqualTo(Verdict.PASS);
    }

    @Test
    void theCatalogueKeepsOnlyItsOwnCriteria() {
        CheckpointCatalogue catalogue = CheckpointCatalogue.loadDefault();

        new GateEvaluator(catalogue).evaluate(RunInputs.of(List.of(), List.of()).withS3Operations(OPS_LOG), Fixtures.NOW);

        assertThat(catalogue.criteria()).as("criteria of checkpoints.yaml after an evaluation").extracting(Criterion::id)
                .noneMatch(S3OperationCoverage::isGeneratedId);
    }
}
