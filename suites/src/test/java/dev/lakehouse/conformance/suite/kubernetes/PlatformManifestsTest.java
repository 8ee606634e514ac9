package dev.lakehouse.conformance.suite.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.conformance.junit.LakehouseTest;
import dev.lakehouse.conformance.junit.RequiresCapability;
import dev.lakehouse.conformance.junit.Verifies;
import dev.lakehouse.conformance.kubernetes.PlatformDeployment;
import dev.lakehouse.conformance.plan.Checkpoints;
import dev.lakehouse.conformance.plan.Criteria;
import dev.lakehouse.conformance.suite.support.Kube;
import dev.lakehouse.conformance.target.Capability;
import dev.lakehouse.conformance.target.Settings;
import dev.lakehouse.conformance.target.Target;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every object of the platform's reference deployment ({@code k8s-fixtures/deployment}, with the ConfigMaps made from
 * its sibling files) and every SparkApplication of {@code spark/applications} is accepted by the target's API server:
 * a server-side dry run, so schema validation (CRDs included), defaulting and admission (the operator's webhooks
 * too) all run and nothing is stored. A typo in a field fails here, not at deploy time. The PrometheusRule of
 * {@code monitoring/} is not among them: no module the proxy serves carries its CRD (promtool checks its rules).
 */
@LakehouseTest
@Tag(Checkpoints.HIVE_METASTORE)
@Tag(Checkpoints.RESOURCE_OPTIMIZATION)
@Tag(Checkpoints.SPARK_OPERATOR)
@RequiresCapability(Capability.KUBERNETES)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlatformManifestsTest {
    private final KubernetesClient client;
    private final String namespace;
    private final Settings settings = Settings.fromSystemProperties();

    PlatformManifestsTest(Target target) {
        this.client = Kube.client(target.kubernetes());
        this.namespace = target.kubernetes().sparkNamespace();
    }

    @AfterAll
    void close() {
        client.close();
    }

    @Test
    @Verifies({Criteria.NAMESPACE_RBAC, Criteria.REQUESTS_LIMITS, Criteria.AFFINITY})
    void everyManifestOfTheDeploymentIsAcceptedByTheApiServer() {
        Map<String, HasMetadata> manifests = new PlatformDeployment(settings.platformDir(), "dry-run").manifests();
        assertThat(manifests).as("objects of the reference deployment").isNotEmpty();
        Map<String, String> refused = new LinkedHashMap<>();
        manifests.forEach((where, item) -> {
            try {
                client.resource(item).dryRun().fieldManager(PlatformDeployment.FIELD_MANAGER).forceConflicts().serverSideApply();
            } catch (KubernetesClientException e) {
                refused.put(where, e.getCode() + " " + e.getMessage());
            }
        });
        assertThat(refused).as("objects the API server refused (server-side dry run of %d objects)", manifests.size()).isEmpty();
    }

    /** The platform's SparkApplications (spark/applications), through the CRD's schema and the operator's webhooks. */
    @Test
    @Verifies(Criteria.OPERATOR_CRDS)
    @RequiresCapability(Capability.SPARK_OPERATOR)
    void everySparkApplicationManifestIsAcceptedByTheApiServer() throws IOException {
        Map<String, String> refused = new LinkedHashMap<>();
        int count = 0;
        try (Stream<Path> files = Files.list(settings.platformDir().resolve("spark/applications"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml") && !f.endsWith("kustomization.yaml")).sorted().toList()) {
                for (HasMetadata item : PlatformDeployment.load(file)) {
                    item.getMetadata().setNamespace(namespace);
                    count++;
                    try {
                        client.resource(item).dryRun().create();
                    } catch (KubernetesClientException e) {
                        refused.put(file.getFileName() + ": " + item.getMetadata().getName(), e.getCode() + " " + e.getMessage());
                    }
                }
            }
        }
        assertThat(count).as("SparkApplications in spark/applications").isPositive();
        assertThat(refused).as("SparkApplications the API server refused (server-side dry run in %s)", namespace).isEmpty();
    }
}
