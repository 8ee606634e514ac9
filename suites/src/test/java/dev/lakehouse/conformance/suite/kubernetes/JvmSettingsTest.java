package dev.lakehouse.conformance.suite.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.conformance.junit.LakehouseTest;
import dev.lakehouse.conformance.junit.RequiresCapability;
import dev.lakehouse.conformance.junit.Verifies;
import dev.lakehouse.conformance.kubernetes.PlatformDeployment;
import dev.lakehouse.conformance.plan.Checkpoints;
import dev.lakehouse.conformance.plan.Criteria;
import dev.lakehouse.conformance.results.Figures;
import dev.lakehouse.conformance.suite.kubernetes.PlatformWorkloads.Workload;
import dev.lakehouse.conformance.suite.support.JvmMemory;
import dev.lakehouse.conformance.suite.support.Kube;
import dev.lakehouse.conformance.target.Capability;
import dev.lakehouse.conformance.target.KubernetesEndpoint;
import dev.lakehouse.conformance.target.Settings;
import dev.lakehouse.conformance.target.Target;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.LimitRangeItem;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Checkpoint 5.1, "Tune JVM settings for Trino and Spark": every JVM server of the deployment sets its heap, and the
 * heap leaves head-room within its container's memory limit (metaspace, code cache, thread stacks, direct buffers and
 * agents live outside the heap: Trino's guidance is a heap of 70-80 % of the container). Spark sizes its pods itself,
 * heap plus an overhead (Spark's rule: 10 %, 40 % for non-JVM jobs, at least 384 MiB): each driver and executor gets
 * at least that overhead and fits the Spark namespace's LimitRange and the nodes. Read from what is deployed (the API
 * server's objects, on a real cluster too) and from the SparkApplication manifests the platform submits.
 */
@LakehouseTest
@Tag(Checkpoints.PERFORMANCE_OPTIMIZATION)
@Verifies(Criteria.JVM_SETTINGS)
@RequiresCapability(Capability.KUBERNETES)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JvmSettingsTest {
    /** At most this share of a container's memory limit may be heap. */
    static final double MAX_HEAP_SHARE = 0.80;
    /** Spark's own minimum overhead and its default factors (Kubernetes: 0.40 for non-JVM, e.g. PySpark, jobs). */
    private static final long MIN_OVERHEAD = 384 * JvmMemory.MIB;
    /** The platform's JVM servers, by their app.kubernetes.io/name: each must size its heap. */
    private static final Set<String> JVM_SERVERS = Set.of("trino", "hive-metastore");
    private static final String NAME_LABEL = "app.kubernetes.io/name";
    private final Target target;
    private KubernetesEndpoint kubernetes;
    private KubernetesClient client;
    private long smallestNodeMemory;
    private final List<String> shares = new ArrayList<>();
    private double largestShare;

    JvmSettingsTest(Target target) {
        this.target = target;
    }

    @BeforeAll
    void connect() {
        kubernetes = target.kubernetes();
        client = Kube.client(kubernetes);
        smallestNodeMemory = Kube.platformNodes(client).stream()
                .map(n -> Kube.amount(n.getStatus().getAllocatable().get("memory")).longValue()).min(Long::compare).orElseThrow(() ->
                        new AssertionError("no node the platform's workloads may use"));
    }

    @AfterAll
    void recordAndClose() {
        if (!shares.isEmpty()) {
            Figures.record(Checkpoints.PERFORMANCE_OPTIMIZATION, "jvm.heap.share.max.percent", Math.round(largestShare * 1000) / 10.0,
                    "percent", "largest heap share of a JVM server's memory limit: " + String.join("; ", shares));
        }
        client.close();
    }

    @Test
    void everyPlatformJvmSetsItsHeapWithHeadRoomWithinItsContainerLimit() {
        List<String> namespaces = PlatformWorkloads.namespaces(client, kubernetes);
        Map<String, ConfigMap> configMaps = new HashMap<>();
        namespaces.forEach(namespace -> client.configMaps().inNamespace(namespace).list().getItems()
                .forEach(c -> configMaps.put(namespace + "/" + c.getMetadata().getName(), c)));
        List<String> checked = new ArrayList<>();
        for (Workload workload : PlatformWorkloads.read(client, namespaces).workloads()) {
            if (workload.pod().isEmpty()) {
                continue; // an operator's cluster: no pod template of the deployment's to read
            }
            PodSpec pod = workload.pod().get();
            String app = workload.labels().getOrDefault(NAME_LABEL, "");
            for (Container container : pod.getContainers()) {
                String where = workload.name() + " container " + container.getName();
                Optional<Long> heap = JvmMemory.maxHeap(jvmOptions(container, pod, name -> configMaps.get(workload.namespace() + "/" + name)));
                if (JVM_SERVERS.contains(app)) {
                    assertThat(heap).as("-Xmx of the JVM in " + where + " (without it the JVM takes 25 % of the container)").isPresent();
                }
                heap.ifPresent(bytes -> {
                    checkShare(where, bytes, limit(container, where));
                    checked.add(where);
                });
            }
        }
        assertThat(checked).as("JVM containers of the deployment (Trino, the metastore)").isNotEmpty();
    }

    @Test
    void sparkDriversAndExecutorsFitTheSparkNamespaceAndTheNodes() throws IOException {
        long namespaceMax = containerMaxMemory(kubernetes.sparkNamespace());
        List<String> checked = new ArrayList<>();
        for (GenericKubernetesResource application : sparkApplications()) {
            Map<String, Object> spec = application.get("spec");
            @SuppressWarnings("unchecked")
            Map<String, Object> conf = (Map<String, Object>) spec.getOrDefault("sparkConf", Map.of());
            boolean jvmJob = !"Python".equals(spec.get("type")) && !"R".equals(spec.get("type"));
            for (String role : List.of("driver", "executor")) {
                @SuppressWarnings("unchecked")
                Map<String, Object> pod = (Map<String, Object>) spec.get(role);
                String where = application.getMetadata().getName() + " " + role;
                assertThat(pod).as(role + " section of SparkApplication " + application.getMetadata().getName()).isNotNull();
                Object memory = pod.getOrDefault("memory", conf.get("spark." + role + ".memory"));
                assertThat(memory).as("memory of the " + where + " (Spark's default 1g would be implicit)").isNotNull();
                long heap = JvmMemory.sparkSize(memory.toString());
                long overhead = overhead(pod, conf, role, heap, jvmJob);
                assertThat(overhead).as(where + ": memory overhead at least Spark's own minimum (10 % of the heap, 384 MiB)")
                        .isGreaterThanOrEqualTo(Math.max(MIN_OVERHEAD, heap / 10));
                long podMemory = heap + overhead;
                assertThat(podMemory).as(where + ": heap + overhead (" + JvmMemory.describe(podMemory) + ") within the Spark namespace's"
                        + " LimitRange max for a container (" + JvmMemory.describe(namespaceMax) + ")").isLessThanOrEqualTo(namespaceMax);
                assertThat(podMemory).as(where + ": heap + overhead within the smallest node's allocatable memory ("
                        + JvmMemory.describe(smallestNodeMemory) + ")").isLessThanOrEqualTo(smallestNodeMemory);
                checked.add(where + " " + JvmMemory.describe(heap) + " + " + JvmMemory.describe(overhead));
            }
        }
        assertThat(checked).as("drivers and executors of the platform's SparkApplications").isNotEmpty();
        Figures.record(Checkpoints.PERFORMANCE_OPTIMIZATION, "spark.pods.checked", checked.size(), "pods",
                "SparkApplication drivers and executors (heap + overhead) within the Spark namespace's container max ("
                        + JvmMemory.describe(namespaceMax) + ") and the smallest node (" + JvmMemory.describe(smallestNodeMemory)
                        + "): " + String.join("; ", checked));
    }

    /** The heap is at most {@link #MAX_HEAP_SHARE} of the memory the container may use. */
    private void checkShare(String where, long heap, long limit) {
        double share = (double) heap / limit;
        shares.add(where + " " + JvmMemory.describe(heap) + " of " + JvmMemory.describe(limit));
        largestShare = Math.max(largestShare, share);
        assertThat(share).as("heap share of the memory limit of " + where + " (" + JvmMemory.describe(heap) + " of "
                + JvmMemory.describe(limit) + ")").isLessThanOrEqualTo(MAX_HEAP_SHARE);
        assertThat(limit).as("memory limit of " + where + " within the smallest node's allocatable memory")
                .isLessThanOrEqualTo(smallestNodeMemory);
    }

    /** Spark on Kubernetes: memoryOverhead when set, else factor x heap (0.10, 0.40 for non-JVM jobs), at least 384 MiB. */
    private static long overhead(Map<String, Object> pod, Map<String, Object> conf, String role, long heap, boolean jvmJob) {
        Object explicit = pod.getOrDefault("memoryOverhead", conf.get("spark." + role + ".memoryOverhead"));
        if (explicit != null) {
            return JvmMemory.sparkSize(explicit.toString());
        }
        Object factor = conf.getOrDefault("spark." + role + ".memoryOverheadFactor", conf.get("spark.kubernetes.memoryOverheadFactor"));
        double f = factor != null ? Double.parseDouble(factor.toString()) : jvmJob ? 0.10 : 0.40;
        return Math.max(MIN_OVERHEAD, (long) (heap * f));
    }

    /** All JVM options the container gets, in the order the JVM reads them: mounted jvm.config files, then environment and arguments. */
    private static String jvmOptions(Container container, PodSpec pod, Function<String, ConfigMap> configMaps) {
        StringBuilder options = new StringBuilder();
        for (VolumeMount mount : Optional.ofNullable(container.getVolumeMounts()).orElse(List.of())) {
            Optional.ofNullable(pod.getVolumes()).orElse(List.of()).stream().filter(v -> v.getName().equals(mount.getName()))
                    .map(Volume::getConfigMap).filter(Objects::nonNull).map(c -> configMaps.apply(c.getName())).filter(Objects::nonNull)
                    .forEach(c -> Optional.ofNullable(c.getData()).orElse(Map.of()).forEach((key, value) -> {
                        if (key.endsWith("jvm.config")) {
                            options.append(value).append('\n');
                        }
                    }));
        }
        Optional.ofNullable(container.getEnv()).orElse(List.of()).stream().map(EnvVar::getValue).filter(Objects::nonNull)
                .forEach(v -> options.append(v).append('\n'));
        Stream.concat(Optional.ofNullable(container.getCommand()).orElse(List.of()).stream(),
                Optional.ofNullable(container.getArgs()).orElse(List.of()).stream()).forEach(a -> options.append(a).append(' '));
        return options.toString();
    }

    private static long limit(Container container, String where) {
        Quantity limit = container.getResources() == null || container.getResources().getLimits() == null ? null
                : container.getResources().getLimits().get("memory");
        assertThat(limit).as("memory limit of " + where + " (a heap needs a ceiling to be sized against)").isNotNull();
        return Kube.amount(limit).longValue();
    }

    /** The largest memory the namespace's LimitRanges allow a container; the smallest node's memory when none caps it. */
    private long containerMaxMemory(String namespace) {
        return client.limitRanges().inNamespace(namespace).list().getItems().stream()
                .flatMap(r -> r.getSpec().getLimits().stream()).filter(i -> "Container".equals(i.getType()))
                .map(LimitRangeItem::getMax).filter(Objects::nonNull).map(max -> max.get("memory")).filter(Objects::nonNull)
                .map(q -> Kube.amount(q).longValue()).min(Long::compare).orElse(smallestNodeMemory);
    }

    /** The SparkApplication manifests of k8s-fixtures/spark/applications: what the platform and its DAGs submit. */
    private static List<GenericKubernetesResource> sparkApplications() throws IOException {
        Path dir = Settings.fromSystemProperties().platformFile("spark/applications/kustomization.yaml").getParent();
        List<GenericKubernetesResource> applications = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml") && !f.endsWith("kustomization.yaml")).sorted().toList()) {
                PlatformDeployment.load(file).stream().filter(GenericKubernetesResource.class::isInstance)
                        .map(GenericKubernetesResource.class::cast).filter(r -> "SparkApplication".equals(r.getKind()))
                        .forEach(applications::add);
            }
        }
        return applications;
    }
}
