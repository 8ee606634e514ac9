package dev.lakehouse.conformance.suite.documentation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.lakehouse.conformance.junit.LakehouseTest;
import dev.lakehouse.conformance.junit.RequiresCapability;
import dev.lakehouse.conformance.junit.Verifies;
import dev.lakehouse.conformance.plan.Checkpoints;
import dev.lakehouse.conformance.plan.Criteria;
import dev.lakehouse.conformance.suite.support.MetastoreClient;
import dev.lakehouse.conformance.suite.support.S3Clients;
import dev.lakehouse.conformance.suite.support.ScratchBucket;
import dev.lakehouse.conformance.target.Capability;
import dev.lakehouse.conformance.target.Settings;
import dev.lakehouse.conformance.target.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.LifecycleRuleAndOperator;

/**
 * Checkpoint 5.3, troubleshooting: each entry of docs/runbooks/troubleshooting.md has diagnosis steps, executed here
 * against the run's RGW and metastore, that find what the entry describes: the symptom reproduced where the target
 * shows it (the SDK checksums over TLS, virtual-hosted addressing, RGW 16.2's known defects), the setting read where
 * the fix is a setting. Every probe writes under runbook-probe/ of a bucket of the run, which goes at the end.
 */
@LakehouseTest
@Tag(Checkpoints.DOCUMENTATION)
@Verifies(Criteria.TROUBLESHOOTING)
@RequiresCapability(Capability.S3)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TroubleshootingRunbookTest {
    private static final Duration STEP = Duration.ofMinutes(3);
    private final Target target;
    private RunbookSession book;
    private ScratchBucket bucket;

    TroubleshootingRunbookTest(Target target) {
        this.target = target;
    }

    @BeforeAll
    void openTheRunbook() {
        bucket = ScratchBucket.create(target, "runbook-trouble");
        book = RunbookSession.open(target, "troubleshooting.md");
        book.shell().with("BUCKET", bucket.name())
                .with("METASTORE_SITE", Settings.fromSystemProperties().platformFile("metastore/metastore-site.xml").toString());
    }

    @AfterEach
    void probesLeaveNothing() {
        assertThat(S3Clients.list(bucket.client(), bucket.name(), "runbook-probe/")).as("objects the probes left under runbook-probe/").isEmpty();
    }

    @AfterAll
    void removeTheBucket() {
        bucket.close();
    }

    @Test
    void theChecksumProbeGetsMissingContentLengthWithSdkDefaultsAndSucceedsWithWhenRequired() {
        // plain HTTP (a debugging setting) hides the trailer problem: the symptom is a TLS one
        assumeThat(target.s3().endpoint().getScheme()).as("the S3 endpoint's scheme").isEqualTo("https");
        String out = book.shell().run("diagnose-sdk-checksums", STEP);
        assertThat(out).as("boto3 with the SDK's default checksums against the run's RGW")
                .contains("when_supported: PutObject FAILED: ").contains("MissingContentLength");
        assertThat(out).as("boto3 with checksums when_required").contains("when_required: PutObject accepted");
    }

    @Test
    void theAddressingProbeFailsVirtualHostedAndAnswersPathStyle() {
        String out = book.shell().run("diagnose-addressing-style", STEP);
        assertThat(out).as("virtual-hosted addressing of the run's RGW (no wildcard name, a certificate for the host only)")
                .contains("virtual-style: ListObjectsV2 FAILED");
        assertThat(out).as("path-style addressing").contains("path-style: ListObjectsV2 answered");
    }

    @Test
    void theSignerCheckReadsTheV2SignerOverTls() {
        String out = book.shell().run("diagnose-metastore-s3a-signer", STEP);
        assertThat(out).as("the metastore's S3A settings the step reads")
                .contains("fs.s3a.signing-algorithm = S3SignerType", "fs.s3a.path.style.access = true");
    }

    @Test
    @RequiresCapability(Capability.METASTORE)
    void theMetastoreSettingsCheckReadsWhatTheRunningMetastoreUses() throws Exception {
        String out = book.shell().run("diagnose-metastore-settings", STEP);
        assertThat(out).as("the settings the step reads")
                .contains("metastore.disallow.incompatible.col.type.changes = false", "metastore.metrics.enabled = true");
        // the file is the one the run's metastore was started with: the running server agrees
        try (MetastoreClient metastore = new MetastoreClient(target.metastore())) {
            assertThat(metastore.api().get_config_value("metastore.disallow.incompatible.col.type.changes", "unset"))
                    .as("the running metastore's metastore.disallow.incompatible.col.type.changes").isEqualTo("false");
        }
    }

    @Test
    @RequiresCapability(Capability.METASTORE)
    void theLockExpiryCheckFindsTheHousekeeperOnAndTheRunningMetastoreAgrees() throws Exception {
        String out = book.shell().run("diagnose-table-lock-expiry", STEP);
        assertThat(out).as("the step's verdict on the platform's metastore-site.xml").contains("abandoned locks expire: yes");
        // the file is the one the run's metastore was started with: the running server agrees on each setting the step read
        try (MetastoreClient metastore = new MetastoreClient(target.metastore())) {
            for (String key : List.of("metastore.housekeeping.threads.on", "metastore.txn.timeout")) {
                String read = out.lines().filter(line -> line.startsWith(key + " = ")).findFirst().orElseThrow()
                        .substring((key + " = ").length());
                assertThat(metastore.api().get_config_value(key, "unset")).as("the running metastore's %s", key).isEqualTo(read);
            }
        }
    }

    @Test
    void theLatencyProbeFindsSmallGetsFastOnAGatewayWithTcpNoDelay() {
        String out = book.shell().run("diagnose-small-request-latency", STEP);
        Matcher median = Pattern.compile("small GET median ms: ([0-9.]+)").matcher(out);
        assertThat(median.find()).as("the probe's median in: %s", out).isTrue();
        assertThat(Double.parseDouble(median.group(1)))
                .as("median small-GET latency on the run's RGW (tcp_nodelay=1; about 40 ms without it)").isLessThan(40.0);
    }

    @Test
    void theStrayPercentListingFindsAKeyThatWouldAbortRadosgw() {
        String key = "runbook-probe/label=50%/" + target.runId() + "-part-0";
        // PutObject of such a key is harmless; only UploadPartCopy from it aborts radosgw 16.2
        bucket.client().putObject(r -> r.bucket(bucket.name()).key(key), RequestBody.fromString("x"));
        try {
            String out = book.shell().run("diagnose-keys-with-stray-percent", STEP);
            assertThat(out).as("keys the listing flags").contains("stray %: " + key).contains("keys with a stray %: 1");
        } finally {
            bucket.client().deleteObject(r -> r.bucket(bucket.name()).key(key));
        }
    }

    @Test
    void theUploadPartCopyProbeReproducesNoSuchKeyForAnEscapedKey() {
        assertThat(book.shell().run("diagnose-upload-part-copy-escaped-key", STEP))
                .as("UploadPartCopy of city=New%%20York/... on the run's RGW (known defect rgw-upload-part-copy-decodes-copy-source-twice)")
                .contains("UploadPartCopy of an escaped key: FAILED NoSuchKey");
    }

    @Test
    void theLifecycleCheckFindsTheSizeFilterDroppedFromARuleThatReliesOnIt() throws IOException {
        String rule = target.runId() + "-small-temp-files";
        Path applied = book.workDir().resolve("lifecycle-with-size-filter.json");
        Files.writeString(applied, """
                {"Rules": [{"ID": "%s", "Status": "Enabled", "Expiration": {"Days": 30},
                            "Filter": {"And": {"Prefix": "tmp/", "ObjectSizeLessThan": 1024}}}]}
                """.formatted(rule));
        // applied as an operator would: the same rule as the file
        bucket.client().putBucketLifecycleConfiguration(r -> r.bucket(bucket.name()).lifecycleConfiguration(c -> c.rules(
                LifecycleRule.builder().id(rule).status(ExpirationStatus.ENABLED).expiration(e -> e.days(30))
                        .filter(f -> f.and(LifecycleRuleAndOperator.builder().prefix("tmp/").objectSizeLessThan(1024L).build())).build())));
        try {
            String out = book.shell().run("diagnose-lifecycle-size-filters", Map.of("LIFECYCLE_FILE", applied.toString()), STEP);
            assertThat(out).as("the rule the check flags").contains("AT RISK, size filter ignored: " + rule);
            assertThat(out.lines().filter(l -> l.contains(rule)).findFirst().orElseThrow())
                    .as("what the run's RGW stored of the rule (known defect rgw-lifecycle-object-size-filter-ignored)")
                    .containsPattern("stored \\{").doesNotContainPattern("stored .*ObjectSize");
        } finally {
            bucket.client().deleteBucketLifecycle(r -> r.bucket(bucket.name()));
        }
    }

    @Test
    void theCompleteProbeReproducesTheInternalErrorForAnUnknownUpload() {
        assertThat(book.shell().run("diagnose-complete-unknown-upload", STEP))
                .as("CompleteMultipartUpload of an unknown upload id on the run's RGW (known defect rgw-complete-unknown-multipart-upload-internal-error)")
                .contains("HTTP 500 InternalError");
    }
}
