package dev.lakehouse.conformance.suite.documentation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.conformance.junit.LakehouseTest;
import dev.lakehouse.conformance.junit.RequiresCapability;
import dev.lakehouse.conformance.junit.Verifies;
import dev.lakehouse.conformance.plan.Checkpoints;
import dev.lakehouse.conformance.plan.Criteria;
import dev.lakehouse.conformance.suite.support.IcebergSchema;
import dev.lakehouse.conformance.suite.support.Kube;
import dev.lakehouse.conformance.suite.support.S3Clients;
import dev.lakehouse.conformance.suite.support.TrinoSession;
import dev.lakehouse.conformance.target.Capability;
import dev.lakehouse.conformance.target.Settings;
import dev.lakehouse.conformance.target.Target;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Checkpoint 5.3, scaling and maintenance: docs/runbooks/scaling-and-maintenance.md executed as written. The worker
 * scale runs against the ephemeral cluster's real API server, controller manager and kube-scheduler, which place
 * kwok-simulated pods (nothing runs in them; queries run on the run's Trino process). The Iceberg steps run on a
 * table of the run and are checked step by step: fewer files, one snapshot, the orphan gone, the content unchanged.
 */
@LakehouseTest
@Tag(Checkpoints.DOCUMENTATION)
@Verifies(Criteria.SCALING_MAINTENANCE)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScalingAndMaintenanceRunbookTest {
    private static final Duration STEP = Duration.ofMinutes(6);
    private static final Map<String, String> WORKER_LABELS = Map.of("app.kubernetes.io/name", "trino", "app.kubernetes.io/component", "worker");
    private final Target target;
    private RunbookSession book;

    ScalingAndMaintenanceRunbookTest(Target target) {
        this.target = target;
    }

    @BeforeAll
    void openTheRunbook() {
        book = RunbookSession.open(target, "scaling-and-maintenance.md");
    }

    @Test
    @RequiresCapability(Capability.PLATFORM_ROLLOUTS)
    void scalingTheTrinoWorkersDownAndBackPlacesEachOnItsOwnKwokSimulatedNode() {
        book.runbook().inOrder("trino-workers-scale", "trino-workers-rollout-status", "trino-workers-placement");
        String namespace = target.kubernetes().namespace();
        try (KubernetesClient kube = Kube.client(target.kubernetes())) {
            int deployed = kube.apps().deployments().inNamespace(namespace).withName("trino-worker").get().getSpec().getReplicas();
            assertThat(deployed).as("Trino workers the reference deployment declares").isGreaterThanOrEqualTo(2);
            try {
                for (int workers : new int[] {deployed - 1, deployed}) {
                    Map<String, String> count = Map.of("WORKERS", Integer.toString(workers));
                    book.shell().run("trino-workers-scale", count, STEP);
                    assertThat(book.shell().run("trino-workers-rollout-status", count, STEP)).as("rollout status at %d workers", workers)
                            .contains("successfully rolled out");
                    // a removed worker's pod may still be terminating when the status step returns
                    Awaitility.await(workers + " worker pods left").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                            .until(() -> kube.pods().inNamespace(namespace).withLabels(WORKER_LABELS).list().getItems().size() == workers);
                    List<String[]> placed = book.shell().run("trino-workers-placement", count, STEP).lines().filter(l -> !l.isBlank())
                            .map(l -> l.trim().split("\\s+")).toList();
                    assertThat(placed).as("worker pods the placement step lists at %d workers (kwok-simulated pods)", workers).hasSize(workers);
                    assertThat(placed.stream().map(p -> p[1]).toList()).as("nodes the real scheduler placed the %d workers on", workers)
                            .doesNotContain("<none>").doesNotHaveDuplicates();
                    assertThat(placed.stream().map(p -> p[2]).toList()).as("phases of the worker pods (kwok reports them Running)")
                            .containsOnly("Running");
                }
            } finally {
                // the lane's other suites expect the reference deployment as applied
                kube.apps().deployments().inNamespace(namespace).withName("trino-worker").scale(deployed);
            }
        }
    }

    @Test
    @RequiresCapability(Capability.KUBERNETES)
    @SuppressWarnings("unchecked")
    void sparkExecutorBoundsSetAsWrittenAreConsistentAndAdmittedByTheApiServer() throws IOException {
        book.runbook().inOrder("spark-executors-set-bounds", "spark-executors-admission");
        Path application = Settings.fromSystemProperties().platformFile("spark/applications/sql-script.yaml");
        String original = Files.readString(application);
        Path scaled = book.workDir().resolve("sql-script-scaled.yaml");
        Map<String, String> bounds = Map.of("APPLICATION", application.toString(), "MIN_EXECUTORS", "1", "MAX_EXECUTORS", "6",
                "SCALED", scaled.toString());

        book.shell().run("spark-executors-set-bounds", bounds, STEP);
        GenericKubernetesResource changed = Serialization.unmarshal(Files.readString(scaled), GenericKubernetesResource.class);
        Map<String, Object> spec = (Map<String, Object>) changed.getAdditionalProperties().get("spec");
        assertThat((Map<String, Object>) spec.get("dynamicAllocation")).as("spec.dynamicAllocation of the changed manifest")
                .containsEntry("minExecutors", 1).containsEntry("maxExecutors", 6).containsEntry("enabled", true);
        assertThat((Map<String, Object>) spec.get("sparkConf")).as("sparkConf of the changed manifest (the same bounds for Spark)")
                .containsEntry("spark.dynamicAllocation.minExecutors", "1").containsEntry("spark.dynamicAllocation.maxExecutors", "6");
        assertThat(Files.readString(application)).as("the repository's manifest (the patch is local, written elsewhere)").isEqualTo(original);

        assertThat(book.shell().run("spark-executors-admission", bounds, STEP).strip())
                .as("min and max executors of the SparkApplication as the API server admitted it (server-side dry run)").isEqualTo("1 6");
    }

    @Test
    @RequiresCapability({Capability.TRINO_ICEBERG, Capability.S3})
    void icebergMaintenanceInTheRunbooksOrderCompactsExpiresAndRemovesOrphansWithTheContentUnchanged() {
        book.runbook().inOrder("iceberg-table-files", "iceberg-optimize", "iceberg-expire-snapshots", "iceberg-remove-orphan-files");
        try (IcebergSchema schema = IcebergSchema.create(target, "runbook")) {
            TrinoSession trino = schema.session();
            String table = schema.trino("events");
            trino.execute("CREATE TABLE " + table + " (id bigint, payload varchar, amount double, day date) WITH (format_version = 2)");
            for (int i = 0; i < 6; i++) {
                trino.execute("INSERT INTO " + table + " SELECT " + (i * 100) + " + n, 'row ' || CAST(n AS varchar), n * 1.5,"
                        + " date '2026-12-01' + (n % 7) * interval '1' day FROM UNNEST(sequence(1, 100)) AS t(n)");
            }
            Map<String, String> vars = Map.of("CATALOG", schema.catalog(), "SCHEMA", schema.name(), "TABLE_NAME", "events",
                    "TARGET_FILE_SIZE", "128MB", "RETENTION", "0s");
            List<Object> content = content(trino, table);
            List<Object> files = trino.query(book.shell().text("iceberg-table-files", vars)).get(0);

            trino.execute(book.shell().text("iceberg-optimize", vars));
            List<Object> compacted = trino.query(book.shell().text("iceberg-table-files", vars)).get(0);
            assertThat((Long) compacted.get(0)).as("data files after optimize (%s before)", files.get(0)).isLessThan((Long) files.get(0));
            assertThat(content(trino, table)).as("row count and checksum() of every column after optimize").isEqualTo(content);

            // a test table only: the runbook keeps the catalog's 7-day minimum, the drill cannot wait that long
            trino.execute("SET SESSION " + schema.catalog() + ".expire_snapshots_min_retention = '0s'");
            trino.execute(book.shell().text("iceberg-expire-snapshots", vars));
            assertThat(trino.scalar("SELECT count(*) FROM " + schema.trino("\"events$snapshots\""))).as("snapshots after expire_snapshots")
                    .isEqualTo(1L);
            assertThat(content(trino, table)).as("row count and checksum() of every column after expire_snapshots").isEqualTo(content);

            String anyDataFile = trino.scalar("SELECT file_path FROM " + schema.trino("\"events$files\"") + " LIMIT 1").toString();
            String prefix = "s3://" + schema.bucket().name() + "/";
            String orphan = anyDataFile.substring(prefix.length(), anyDataFile.lastIndexOf('/') + 1) + target.runId() + "-orphan.parquet";
            schema.bucket().client().putObject(r -> r.bucket(schema.bucket().name()).key(orphan), RequestBody.fromString("no snapshot has me"));
            Set<String> before = keys(schema, schema.name() + "/events");
            trino.execute("SET SESSION " + schema.catalog() + ".remove_orphan_files_min_retention = '0s'");
            trino.execute(book.shell().text("iceberg-remove-orphan-files", vars));
            Set<String> after = keys(schema, schema.name() + "/events");
            Set<String> live = trino.column("SELECT file_path FROM " + schema.trino("\"events$files\"")).stream()
                    .map(path -> path.toString().substring(prefix.length())).collect(Collectors.toSet());
            // besides the planted file, expiry's leftovers (old statistics and metadata files) are orphans too
            assertThat(after).as("objects of the table after remove_orphan_files: none new").isSubsetOf(before);
            assertThat(after).as("objects of the table after remove_orphan_files").doesNotContain(orphan).containsAll(live);
            assertThat(content(trino, table)).as("row count and checksum() of every column after remove_orphan_files").isEqualTo(content);
            assertThat(trino.query(book.shell().text("iceberg-table-files", vars)).get(0).get(2)).as("records the files hold at the end")
                    .isEqualTo(files.get(2));
        }
    }

    private static List<Object> content(TrinoSession trino, String table) {
        return trino.query("SELECT count(*), " + Arrays.stream(new String[] {"id", "payload", "amount", "day"})
                .map(c -> "to_hex(checksum(" + c + "))").collect(Collectors.joining(", ")) + " FROM " + table).get(0);
    }

    private static Set<String> keys(IcebergSchema schema, String prefix) {
        return S3Clients.list(schema.bucket().client(), schema.bucket().name(), prefix).stream().map(o -> o.key())
                .collect(Collectors.toCollection(HashSet::new));
    }
}
