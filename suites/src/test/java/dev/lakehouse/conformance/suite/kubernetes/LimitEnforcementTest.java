package dev.lakehouse.conformance.suite.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.lakehouse.conformance.junit.LakehouseTest;
import dev.lakehouse.conformance.junit.RequiresCapability;
import dev.lakehouse.conformance.junit.Verifies;
import dev.lakehouse.conformance.kubernetes.RealNodeContract;
import dev.lakehouse.conformance.plan.Checkpoints;
import dev.lakehouse.conformance.plan.Criteria;
import dev.lakehouse.conformance.suite.support.Kube;
import dev.lakehouse.conformance.target.Capability;
import dev.lakehouse.conformance.target.Target;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Checkpoint 2.3: a container's limits are not only declared and admitted but enforced where it runs. A pod of the
 * run's own, on the ephemeral cluster's real node (kubelet, containerd, runc), reports the memory limit its cgroup
 * holds; its log comes back through the API server from the kubelet.
 */
@LakehouseTest
@Tag(Checkpoints.RESOURCE_OPTIMIZATION)
@RequiresCapability(Capability.KUBERNETES_SCRATCH_PODS)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LimitEnforcementTest {
    private static final String MEMORY_LIMIT = "64Mi";
    private final Target target;
    private final KubernetesClient client;

    LimitEnforcementTest(Target target) {
        this.target = target;
        this.client = Kube.client(target.kubernetes());
    }

    @AfterAll
    void close() {
        client.close();
    }

    @Test
    @Verifies(Criteria.REQUESTS_LIMITS)
    void aContainersMemoryLimitIsEnforcedByTheNodesRuntime() {
        assumeThat(client.nodes().withLabel(RealNodeContract.LABEL, "real").list().getItems())
                .as("a node that runs pods (label %s=real): the ephemeral cluster has one only when the run is root", RealNodeContract.LABEL)
                .isNotEmpty();
        String namespace = Kube.name(target.runId(), "limits");
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace)
                .addToLabels("lakehouse.dev/run-id", target.runId()).endMetadata().build()).create();
        try {
            Pod pod = new PodBuilder().withNewMetadata().withName("probe").withNamespace(namespace).endMetadata()
                    .withNewSpec().withNodeSelector(Map.of(RealNodeContract.LABEL, "real"))
                    .addNewToleration().withKey(RealNodeContract.TAINT).withOperator("Exists").withEffect("NoSchedule").endToleration()
                    .withAutomountServiceAccountToken(false)
                    .addNewContainer().withName("probe").withImage(RealNodeContract.PROBE_IMAGE).withImagePullPolicy("Never")
                    .withNewResources().addToRequests(Map.of("cpu", new Quantity("50m"), "memory", new Quantity("32Mi")))
                    .addToLimits(Map.of("cpu", new Quantity("100m"), "memory", new Quantity(MEMORY_LIMIT))).endResources()
                    .endContainer().endSpec().build();
            client.pods().inNamespace(namespace).resource(pod).create();
            Awaitility.await("the probe pod Running on the real node and its log read through the API server")
                    .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> client.pods().inNamespace(namespace).withName("probe").getLog().contains("memory.limit="));
            String log = client.pods().inNamespace(namespace).withName("probe").getLog().strip();
            assertThat(log).as("what the container's cgroup enforces, for a limit of %s", MEMORY_LIMIT)
                    .isEqualTo("memory.limit=" + Quantity.getAmountInBytes(new Quantity(MEMORY_LIMIT)).toBigInteger());
        } finally {
            client.namespaces().withName(namespace).delete();
        }
    }
}
