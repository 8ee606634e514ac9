package dev.lakehouse.conformance.suite.documentation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.lakehouse.conformance.junit.LakehouseTest;
import dev.lakehouse.conformance.junit.RequiresCapability;
import dev.lakehouse.conformance.junit.Verifies;
import dev.lakehouse.conformance.plan.Checkpoints;
import dev.lakehouse.conformance.plan.Criteria;
import dev.lakehouse.conformance.suite.support.Kube;
import dev.lakehouse.conformance.target.Capability;
import dev.lakehouse.conformance.target.Target;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Checkpoint 5.3, operational procedures: docs/runbooks/operations.md, its named steps executed as written and in its
 * order, with what each did checked in between. The restarts run against the ephemeral cluster's real API server,
 * controller manager and scheduler, whose kwok-simulated pods run nothing: they prove the commands and the rollout;
 * that the metastore keeps its tables across a real process restart is MetastoreRestartTest's (1.2).
 */
@LakehouseTest
@Tag(Checkpoints.DOCUMENTATION)
@Verifies(Criteria.OPERATIONAL_PROCEDURES)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperationsRunbookTest {
    private static final Duration STEP = Duration.ofMinutes(6);
    private static final String NAME_LABEL = "app.kubernetes.io/name";
    private final Target target;
    private RunbookSession book;
    private KubernetesClient kube;

    OperationsRunbookTest(Target target) {
        this.target = target;
    }

    @BeforeAll
    void openTheRunbook() {
        book = RunbookSession.open(target, "operations.md");
        book.shell().with("ICEBERG_CATALOG", "iceberg");
        if (target.has(Capability.TRINO)) {
            String address = target.trino().jdbcUrl().substring("jdbc:trino://".length()).split("[/?]", 2)[0];
            book.shell().with("TRINO_URL", (target.trino().password().isPresent() ? "https://" : "http://") + address)
                    .with("ICEBERG_CATALOG", target.trino().icebergCatalog());
        }
        if (target.has(Capability.PROMETHEUS)) {
            book.shell().with("PROMETHEUS_URL", target.monitoring().prometheus().toString().replaceAll("/$", ""));
        }
        target.parts().metastore().flatMap(m -> m.schemaTool()).ifPresent(tool -> book.shell().with("SCHEMATOOL", tool.toString()));
        if (target.has(Capability.KUBERNETES)) {
            kube = Kube.client(target.kubernetes());
        }
    }

    @AfterAll
    void close() {
        if (kube != null) {
            kube.close();
        }
    }

    @Test
    @RequiresCapability({Capability.KUBERNETES, Capability.TRINO_ICEBERG, Capability.S3, Capability.PROMETHEUS})
    void theHealthChecksFindEveryPartUp() {
        List<String> steps = List.of("health-deployments", "health-trino-and-metastore", "health-s3", "health-prometheus-targets");
        book.runbook().inOrder(steps.toArray(String[]::new));

        String deployments = book.shell().run("health-deployments", STEP);
        assertThat(deployments).as("rollout status of the metastore, the coordinator and the workers")
                .contains("deployment \"hive-metastore\" successfully rolled out", "deployment \"trino-coordinator\" successfully rolled out",
                        "deployment \"trino-worker\" successfully rolled out");
        String trino = book.shell().run("health-trino-and-metastore", STEP);
        assertThat(number(trino, "trino active nodes: (\\d+)")).as("active Trino nodes the step reports").isGreaterThanOrEqualTo(1);
        assertThat(trino).as("schemas listed through the metastore").containsPattern("iceberg schemas listed through the metastore: \\d+");
        assertThat(book.shell().run("health-s3", STEP)).as("RGW's answer over TLS").contains("rgw answered HTTP 200");
        String scrapes = book.shell().run("health-prometheus-targets", STEP);
        Matcher up = Pattern.compile("scrape targets up: (\\d+) of (\\d+)").matcher(scrapes);
        assertThat(up.find()).as("the step's count of scrape targets in: %s", scrapes).isTrue();
        assertThat(up.group(1)).as("scrape targets up, of %s (DOWN lines: %s)", up.group(2), scrapes).isEqualTo(up.group(2));
    }

    @Test
    @RequiresCapability({Capability.PLATFORM_ROLLOUTS, Capability.TRINO_ICEBERG})
    void restartingTheMetastoreReplacesEveryReplicaAndTheCatalogAnswersAfterwards() {
        book.runbook().inOrder("health-trino-and-metastore", "metastore-rollout-restart", "metastore-rollout-status");
        assertRolloutReplacesPods("hive-metastore", "metastore-rollout-restart", "metastore-rollout-status", NAME_LABEL, "hive-metastore");
        assertThat(book.shell().run("health-trino-and-metastore", STEP)).as("the health check after the restart")
                .containsPattern("iceberg schemas listed through the metastore: \\d+");
    }

    @Test
    @RequiresCapability({Capability.PLATFORM_ROLLOUTS, Capability.TRINO})
    void restartingTheTrinoCoordinatorReplacesItsPodAndTrinoAnswersAfterwards() {
        book.runbook().inOrder("health-trino-and-metastore", "trino-coordinator-rollout-restart", "trino-coordinator-rollout-status");
        assertRolloutReplacesPods("trino-coordinator", "trino-coordinator-rollout-restart", "trino-coordinator-rollout-status",
                "app.kubernetes.io/component", "coordinator");
        assertThat(number(book.shell().run("health-trino-and-metastore", STEP), "trino active nodes: (\\d+)"))
                .as("active Trino nodes after the restart").isGreaterThanOrEqualTo(1);
    }

    @Test
    @RequiresCapability({Capability.KUBERNETES, Capability.TRINO, Capability.METASTORE})
    void thePreUpgradeStepsRecordTheVersionsAndFindTheMetastoreSchemaValid() {
        assumeThat(target.metastore().schemaTool()).as("the target's metastore schema tool (the ephemeral target writes a wrapper;"
                + " on a cluster it is kubectl exec into the metastore)").isPresent();
        book.runbook().inOrder("upgrade-record-versions", "upgrade-metastore-schema-info", "upgrade-metastore-schema-validate");

        String versions = book.shell().run("upgrade-record-versions", STEP);
        assertThat(versions).as("images and Trino's own version").contains("hive-metastore", "apache/hive:").containsPattern("trino version: \\d+");
        String info = book.shell().run("upgrade-metastore-schema-info", STEP);
        String distribution = text(info, "Hive distribution version:\\s*(\\S+)");
        assertThat(text(info, "Metastore schema version:\\s*(\\S+)")).as("schema version in the database, against the jars' (%s)", distribution)
                .isEqualTo(distribution);
        assertThat(book.shell().run("upgrade-metastore-schema-validate", STEP)).as("schematool -validate on the metastore's database")
                .contains("[SUCCESS]").doesNotContain("[FAIL]");
    }

    /** Runs a rollout restart and its status step; every replica is a new pod, scheduled on a node. */
    private void assertRolloutReplacesPods(String deployment, String restartStep, String statusStep, String label, String value) {
        String namespace = target.kubernetes().namespace();
        int replicas = kube.apps().deployments().inNamespace(namespace).withName(deployment).get().getSpec().getReplicas();
        Set<String> before = pods(namespace, label, value);
        assertThat(before).as("%s pods before the restart", deployment).hasSize(replicas);

        book.shell().run(restartStep, STEP);
        assertThat(book.shell().run(statusStep, STEP)).as("rollout status of %s", deployment)
                .contains("deployment \"" + deployment + "\" successfully rolled out");

        // terminating pods of the old ReplicaSet may linger a moment after the status step returns
        Awaitility.await(deployment + " has only new pods").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> pods(namespace, label, value).size() == replicas);
        Set<String> after = pods(namespace, label, value);
        assertThat(after).as("%s pods after the restart (kwok-simulated pods, placed by the real scheduler), none of %s", deployment, before)
                .hasSize(replicas).doesNotContainAnyElementsOf(before);
    }

    /** The UIDs of the pods with the label, scheduled and not being deleted. */
    private Set<String> pods(String namespace, String label, String value) {
        return kube.pods().inNamespace(namespace).withLabel(label, value).list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null && p.getSpec().getNodeName() != null)
                .map(Pod::getMetadata).map(m -> m.getUid()).collect(Collectors.toSet());
    }

    private static int number(String output, String regex) {
        return Integer.parseInt(text(output, regex));
    }

    private static String text(String output, String regex) {
        Matcher m = Pattern.compile(regex).matcher(output);
        assertThat(m.find()).as("/%s/ in the step's output:\n%s", regex, output).isTrue();
        return m.group(1);
    }
}
