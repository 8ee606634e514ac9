package dev.lakehouse.conformance.suite.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.conformance.junit.LakehouseTest;
import dev.lakehouse.conformance.junit.RequiresCapability;
import dev.lakehouse.conformance.junit.Verifies;
import dev.lakehouse.conformance.plan.Checkpoints;
import dev.lakehouse.conformance.plan.Criteria;
import dev.lakehouse.conformance.results.Figures;
import dev.lakehouse.conformance.suite.support.Kube;
import dev.lakehouse.conformance.target.Capability;
import dev.lakehouse.conformance.target.KubernetesEndpoint;
import dev.lakehouse.conformance.target.Target;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.LimitRangeItem;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Checkpoint 2.3, resource optimization: every container of the platform declares requests and limits, LimitRanges
 * and ResourceQuotas apply (a pod over the limit is refused by admission), and the platform stays within the plan's
 * 70 % of the nodes' allocatable CPU and memory (a 30 % buffer on the three 96 GB nodes). Read-only on any cluster:
 * the refused pod is a server-side dry run.
 */
@LakehouseTest
@Tag(Checkpoints.RESOURCE_OPTIMIZATION)
@RequiresCapability(Capability.KUBERNETES)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResourcePolicyTest {
    /** The plan: memory and CPU use within 70 % of cluster capacity. */
    private static final BigDecimal CAPACITY_SHARE = new BigDecimal("0.70");
    private final KubernetesEndpoint kubernetes;
    private final KubernetesClient client;
    private final List<String> namespaces;

    ResourcePolicyTest(Target target) {
        this.kubernetes = target.kubernetes();
        this.client = Kube.client(kubernetes);
        this.namespaces = PlatformWorkloads.namespaces(client, kubernetes);
    }

    @AfterAll
    void close() {
        client.close();
    }

    @Test
    @Verifies(Criteria.REQUESTS_LIMITS)
    void everyContainerDeclaresRequestsAndLimits() {
        PlatformWorkloads platform = PlatformWorkloads.read(client, namespaces);
        assertThat(platform.workloads()).as("the platform's workloads in " + namespaces).isNotEmpty();
        List<String> missing = new ArrayList<>();
        for (PlatformWorkloads.Workload workload : platform.workloads()) {
            workload.containers().forEach((container, resources) -> {
                for (String kind : List.of("requests", "limits")) {
                    for (String resource : List.of("cpu", "memory")) {
                        if (!PlatformWorkloads.has(resources, kind, resource)) {
                            missing.add(workload.kind() + " " + workload.name() + " container " + container + ": no " + kind + "." + resource);
                        }
                    }
                }
            });
        }
        assertThat(missing).as("containers without requests or limits").isEmpty();
    }

    @Test
    @Verifies(Criteria.REQUESTS_LIMITS)
    void everyPlatformNamespaceHasALimitRangeAndAResourceQuota() {
        for (String namespace : namespaces) {
            assertThat(client.limitRanges().inNamespace(namespace).list().getItems()).as("LimitRanges in " + namespace).isNotEmpty();
            assertThat(client.resourceQuotas().inNamespace(namespace).list().getItems()).as("ResourceQuotas in " + namespace).isNotEmpty();
        }
    }

    @Test
    @Verifies(Criteria.REQUESTS_LIMITS)
    void aPodOverTheLimitRangeIsRefusedByAdmission() {
        String namespace = kubernetes.namespace();
        Quantity max = client.limitRanges().inNamespace(namespace).list().getItems().stream()
                .map(LimitRange::getSpec).flatMap(s -> s.getLimits().stream())
                .filter(l -> "Container".equals(l.getType()) && l.getMax() != null && l.getMax().get("memory") != null)
                .map(LimitRangeItem::getMax).map(m -> m.get("memory")).findFirst()
                .orElseThrow(() -> new AssertionError("no LimitRange in " + namespace + " caps a container's memory"));
        BigDecimal over = Kube.amount(max).multiply(BigDecimal.valueOf(2));
        Pod pod = new PodBuilder().withNewMetadata().withName(Kube.name("lakehouse", "over-limit")).withNamespace(namespace).endMetadata()
                .withNewSpec().addNewContainer().withName("over").withImage("registry.k8s.io/pause:3.10")
                .withNewResources().addToRequests("cpu", new Quantity("100m")).addToRequests("memory", new Quantity(over.toPlainString()))
                .addToLimits("cpu", new Quantity("100m")).addToLimits("memory", new Quantity(over.toPlainString())).endResources()
                .endContainer().endSpec().build();
        // a dry run goes through admission (LimitRanger included) and stores nothing
        assertThatThrownBy(() -> client.pods().inNamespace(namespace).resource(pod).dryRun().create())
                .as("a pod asking for twice the LimitRange's max memory (%s) in %s", max, namespace)
                .isInstanceOf(KubernetesClientException.class)
                .hasMessageContaining("maximum memory usage per Container is");
    }

    @Test
    @Verifies(Criteria.CAPACITY_70)
    void theDeclaredRequestsStayWithin70PercentOfAllocatable() {
        PlatformWorkloads platform = PlatformWorkloads.read(client, namespaces);
        for (String resource : List.of("memory", "cpu")) {
            BigDecimal allocatable = allocatable(resource);
            BigDecimal requested = platform.requests(resource);
            double percent = requested.multiply(BigDecimal.valueOf(100)).divide(allocatable, 1, RoundingMode.HALF_UP).doubleValue();
            String metric = "memory".equals(resource) ? "cluster.requests.memory.percent" : "cluster.requests.cpu.percent";
            Figures.record(Checkpoints.RESOURCE_OPTIMIZATION, metric, percent, "percent",
                    String.format("requests of %d workloads × their replicas (%s) over the allocatable %s of %d nodes (%s)%s",
                            platform.workloads().size(), format(resource, requested), resource, Kube.platformNodes(client).size(),
                            format(resource, allocatable), simulatedNodesNote()));
            assertThat(requested).as("%s requested by the platform (%s) against 70 %% of allocatable (%s)", resource,
                    format(resource, requested), format(resource, allocatable)).isLessThanOrEqualTo(allocatable.multiply(CAPACITY_SHARE));
        }
    }

    @Test
    @Verifies(Criteria.CAPACITY_70)
    void theResourceQuotasCapThePlatformAt70PercentOfAllocatable() {
        for (String resource : List.of("memory", "cpu")) {
            BigDecimal quota = BigDecimal.ZERO;
            for (String namespace : namespaces) {
                BigDecimal hard = client.resourceQuotas().inNamespace(namespace).list().getItems().stream()
                        .map(ResourceQuota::getSpec).map(s -> s.getHard() == null ? null : s.getHard().get("requests." + resource))
                        .filter(q -> q != null).map(Kube::amount).min(BigDecimal::compareTo)
                        .orElseThrow(() -> new AssertionError("no ResourceQuota bounds requests." + resource + " in " + namespace
                                + ": the platform could grow past the 70 % rule there"));
                quota = quota.add(hard);
            }
            BigDecimal allocatable = allocatable(resource);
            assertThat(quota).as("sum of the quotas' requests.%s over %s (%s) against 70 %% of allocatable (%s)", resource, namespaces,
                    format(resource, quota), format(resource, allocatable)).isLessThanOrEqualTo(allocatable.multiply(CAPACITY_SHARE));
        }
    }

    /** Of the nodes the platform may use (a tainted node runs only pods that tolerate it). */
    private BigDecimal allocatable(String resource) {
        return Kube.platformNodes(client).stream().map(n -> n.getStatus().getAllocatable().get(resource))
                .map(Kube::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private String simulatedNodesNote() {
        long simulated = Kube.platformNodes(client).stream().map(Node::getMetadata)
                .filter(m -> m.getAnnotations() != null && m.getAnnotations().containsKey("kwok.x-k8s.io/node")).count();
        return simulated == 0 ? "" : "; " + simulated + " of the nodes are simulated by kwok (capacity and placement only)";
    }

    private static String format(String resource, BigDecimal amount) {
        return "memory".equals(resource)
                ? amount.divide(BigDecimal.valueOf(1L << 30), 1, RoundingMode.HALF_UP) + " GiB"
                : amount.setScale(2, RoundingMode.HALF_UP) + " CPU";
    }
}
