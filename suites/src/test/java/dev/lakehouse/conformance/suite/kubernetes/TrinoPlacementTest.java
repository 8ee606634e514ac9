package dev.lakehouse.conformance.suite.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.conformance.junit.LakehouseTest;
import dev.lakehouse.conformance.junit.RequiresCapability;
import dev.lakehouse.conformance.junit.Verifies;
import dev.lakehouse.conformance.plan.Checkpoints;
import dev.lakehouse.conformance.plan.Criteria;
import dev.lakehouse.conformance.suite.support.Kube;
import dev.lakehouse.conformance.target.Capability;
import dev.lakehouse.conformance.target.KubernetesEndpoint;
import dev.lakehouse.conformance.target.Target;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Checkpoints 3.1 and 2.3: Trino's coordinator and workers are deployed, the workers spread over distinct nodes as
 * their pod anti-affinity requires, and the real scheduler keeps a replica it cannot place Pending with its reason.
 * Trino is found by the labels its Helm chart and the reference deployment give it.
 */
@LakehouseTest
@Tag(Checkpoints.TRINO_DEPLOYMENT)
@Tag(Checkpoints.RESOURCE_OPTIMIZATION)
@RequiresCapability(Capability.KUBERNETES)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrinoPlacementTest {
    private static final String NAME_LABEL = "app.kubernetes.io/name";
    private static final String COMPONENT_LABEL = "app.kubernetes.io/component";
    private static final Duration ROLLOUT = Duration.ofSeconds(90);
    private final Target target;
    private final KubernetesEndpoint kubernetes;
    private final KubernetesClient client;

    TrinoPlacementTest(Target target) {
        this.target = target;
        this.kubernetes = target.kubernetes();
        this.client = Kube.client(kubernetes);
    }

    @AfterAll
    void close() {
        client.close();
    }

    @Test
    @Verifies(Criteria.COORDINATOR_WORKERS)
    void oneCoordinatorAndAtLeastTwoWorkersAreAvailable() {
        Deployment coordinator = awaitAvailable("coordinator");
        Deployment workers = awaitAvailable("worker");
        assertThat(coordinator.getStatus().getAvailableReplicas()).as("available Trino coordinators").isEqualTo(1);
        assertThat(workers.getStatus().getAvailableReplicas()).as("available Trino workers (plan: coordinator and workers)")
                .isGreaterThanOrEqualTo(2);
    }

    @Test
    @Verifies({Criteria.COORDINATOR_WORKERS, Criteria.AFFINITY})
    void workersRunOnDistinctNodes() {
        Deployment workers = awaitAvailable("worker");
        List<String> nodes = client.pods().inNamespace(kubernetes.namespace()).withLabels(workers.getSpec().getSelector().getMatchLabels())
                .list().getItems().stream().filter(p -> "Running".equals(p.getStatus().getPhase()))
                .map(p -> p.getSpec().getNodeName()).toList();
        assertThat(nodes).as("nodes of the running Trino workers").hasSize(workers.getSpec().getReplicas()).doesNotHaveDuplicates();
    }

    /**
     * The workers' own pod template (affinity included) with tiny requests and a pause container, one replica more than
     * there are nodes, in a namespace of the run: every node takes one, the last stays Pending with the scheduler's reason.
     */
    @Test
    @Verifies(Criteria.AFFINITY)
    @RequiresCapability(Capability.KUBERNETES_SCRATCH_PODS)
    void aWorkerReplicaThatCannotBePlacedStaysPendingWithTheSchedulersReason() {
        Deployment workers = awaitAvailable("worker");
        assertThat(workers.getSpec().getTemplate().getSpec().getAffinity()).as("the Trino workers' affinity").isNotNull();
        int nodes = Kube.platformNodes(client).size();
        String namespace = Kube.name(target.runId(), "placement");
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace)
                .addToLabels("lakehouse.dev/run-id", target.runId()).endMetadata().build()).create();
        try {
            Map<String, String> labels = workers.getSpec().getTemplate().getMetadata().getLabels();
            PodTemplateSpec template = new PodTemplateSpecBuilder().withNewMetadata().withLabels(labels).endMetadata()
                    .withNewSpec().withAffinity(workers.getSpec().getTemplate().getSpec().getAffinity())
                    .withTolerations(workers.getSpec().getTemplate().getSpec().getTolerations())
                    .withNodeSelector(workers.getSpec().getTemplate().getSpec().getNodeSelector())
                    .addNewContainer().withName("pause").withImage("registry.k8s.io/pause:3.10")
                    .withNewResources().addToRequests(Map.of("cpu", new Quantity("10m"), "memory", new Quantity("16Mi")))
                    .addToLimits(Map.of("cpu", new Quantity("10m"), "memory", new Quantity("16Mi"))).endResources()
                    .endContainer().endSpec().build();
            client.apps().deployments().inNamespace(namespace).resource(new DeploymentBuilder().withNewMetadata()
                    .withName("worker-placement").endMetadata().withNewSpec().withReplicas(nodes + 1)
                    .withNewSelector().withMatchLabels(labels).endSelector().withTemplate(template).endSpec().build()).create();

            Awaitility.await("all but one of " + (nodes + 1) + " replicas placed, the last one found unschedulable")
                    .atMost(ROLLOUT).pollInterval(Duration.ofMillis(500))
                    .until(() -> scheduled(namespace).size() == nodes && unschedulable(namespace).isPresent());
            assertThat(scheduled(namespace)).as("nodes of the placed replicas").doesNotHaveDuplicates();
            PodCondition pending = unschedulable(namespace).orElseThrow();
            assertThat(pending.getMessage()).as("the scheduler's reason for the replica it could not place (%s)", pending.getReason())
                    .contains("didn't match pod anti-affinity rules");
        } finally {
            client.namespaces().withName(namespace).delete();
        }
    }

    private List<String> scheduled(String namespace) {
        return client.pods().inNamespace(namespace).list().getItems().stream().map(Pod::getSpec)
                .map(s -> s.getNodeName()).filter(n -> n != null && !n.isBlank()).toList();
    }

    private Optional<PodCondition> unschedulable(String namespace) {
        return client.pods().inNamespace(namespace).list().getItems().stream()
                .filter(p -> p.getSpec().getNodeName() == null && p.getStatus().getConditions() != null)
                .flatMap(p -> p.getStatus().getConditions().stream())
                .filter(c -> "PodScheduled".equals(c.getType()) && "False".equals(c.getStatus()) && "Unschedulable".equals(c.getReason()))
                .findFirst();
    }

    /** The Deployment of Trino's {@code component}, once all its replicas are available. */
    private Deployment awaitAvailable(String component) {
        Awaitility.await("Trino " + component + " Deployment in " + kubernetes.namespace() + " with all replicas available")
                .atMost(ROLLOUT).pollInterval(Duration.ofMillis(500))
                .until(() -> find(component).filter(d -> d.getStatus() != null && d.getStatus().getAvailableReplicas() != null
                        && d.getStatus().getAvailableReplicas().equals(d.getSpec().getReplicas())).isPresent());
        return find(component).orElseThrow();
    }

    private Optional<Deployment> find(String component) {
        List<Deployment> found = client.apps().deployments().inNamespace(kubernetes.namespace())
                .withLabel(NAME_LABEL, "trino").withLabel(COMPONENT_LABEL, component).list().getItems();
        assertThat(found).as("Trino %s Deployments (labels %s=trino, %s=%s) in %s", component, NAME_LABEL, COMPONENT_LABEL,
                component, kubernetes.namespace()).hasSizeLessThanOrEqualTo(1);
        return found.stream().findFirst();
    }
}
