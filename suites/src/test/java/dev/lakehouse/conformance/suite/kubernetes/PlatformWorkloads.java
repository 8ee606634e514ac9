package dev.lakehouse.conformance.suite.kubernetes;

import dev.lakehouse.conformance.suite.support.Kube;
import dev.lakehouse.conformance.target.KubernetesEndpoint;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The platform's workloads as a cluster declares them: every Deployment, StatefulSet and DaemonSet in the platform's
 * namespaces, and each CloudNativePG Cluster (its instances are pods the operator makes), with the replicas and the
 * resources of each container. Declared, not observed: LimitRange defaults fill in running pods, so a pod always has
 * requests even when its manifest forgot them.
 */
record PlatformWorkloads(List<Workload> workloads) {
    /**
     * One workload: its kind and {@code namespace/name}, how many pods it asks for, the resources of each container, and
     * its labels and pod template (none for a CloudNativePG cluster, whose pods the operator makes).
     */
    record Workload(String kind, String name, int replicas, Map<String, ResourceRequirements> containers,
                    Map<String, String> labels, java.util.Optional<PodSpec> pod) {
        String namespace() {
            return name.substring(0, name.indexOf('/'));
        }

        BigDecimal requests(String resource) {
            BigDecimal sum = BigDecimal.ZERO;
            for (ResourceRequirements r : containers.values()) {
                sum = sum.add(Kube.amount(r.getRequests() == null ? null : r.getRequests().get(resource)));
            }
            return sum.multiply(BigDecimal.valueOf(replicas));
        }
    }

    /** The namespaces of the platform: the target's, those of its service accounts, and any labelled part of it. */
    static List<String> namespaces(KubernetesClient client, KubernetesEndpoint kubernetes) {
        TreeSet<String> namespaces = new TreeSet<>(List.of(kubernetes.namespace(), kubernetes.sparkNamespace()));
        kubernetes.serviceAccounts().values().forEach(a -> namespaces.add(a.split("/", 2)[0]));
        client.namespaces().withLabel("app.kubernetes.io/part-of", "lakehouse-platform").list().getItems()
                .forEach(n -> namespaces.add(n.getMetadata().getName()));
        return List.copyOf(namespaces);
    }

    static PlatformWorkloads read(KubernetesClient client, List<String> namespaces) {
        int nodes = Kube.platformNodes(client).size(); // a DaemonSet's pods on the nodes the platform may use
        List<Workload> workloads = new ArrayList<>();
        for (String namespace : namespaces) {
            client.apps().deployments().inNamespace(namespace).list().getItems().forEach(d -> workloads.add(workload("Deployment",
                    d.getMetadata(), orOne(d.getSpec().getReplicas()), d.getSpec().getTemplate().getSpec())));
            client.apps().statefulSets().inNamespace(namespace).list().getItems().forEach(s -> workloads.add(workload("StatefulSet",
                    s.getMetadata(), orOne(s.getSpec().getReplicas()), s.getSpec().getTemplate().getSpec())));
            client.apps().daemonSets().inNamespace(namespace).list().getItems().forEach(d -> workloads.add(workload("DaemonSet",
                    d.getMetadata(), nodes, d.getSpec().getTemplate().getSpec())));
            for (GenericKubernetesResource cluster : postgresClusters(client, namespace)) {
                Map<String, Object> spec = cluster.get("spec");
                Object instances = spec == null ? null : spec.get("instances");
                ResourceRequirements resources = client.getKubernetesSerialization()
                        .convertValue(spec == null ? null : spec.get("resources"), ResourceRequirements.class);
                workloads.add(new Workload("postgresql.cnpg.io/Cluster", namespace + "/" + cluster.getMetadata().getName(),
                        instances instanceof Number n ? n.intValue() : 1,
                        Map.of("postgres", resources == null ? new ResourceRequirements() : resources),
                        labels(cluster.getMetadata()), java.util.Optional.empty()));
            }
        }
        return new PlatformWorkloads(List.copyOf(workloads));
    }

    BigDecimal requests(String resource) {
        return workloads.stream().map(w -> w.requests(resource)).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private static Workload workload(String kind, ObjectMeta metadata, int replicas, PodSpec spec) {
        Map<String, ResourceRequirements> containers = new java.util.LinkedHashMap<>();
        for (Container container : Kube.containers(spec)) {
            containers.put(container.getName(), container.getResources() == null ? new ResourceRequirements() : container.getResources());
        }
        return new Workload(kind, metadata.getNamespace() + "/" + metadata.getName(), replicas, containers, labels(metadata),
                java.util.Optional.of(spec));
    }

    private static Map<String, String> labels(ObjectMeta metadata) {
        return metadata.getLabels() == null ? Map.of() : Map.copyOf(metadata.getLabels());
    }

    /** CloudNativePG clusters, when its CRD is installed (a cluster may keep its database elsewhere). */
    private static List<GenericKubernetesResource> postgresClusters(KubernetesClient client, String namespace) {
        try {
            return client.genericKubernetesResources("postgresql.cnpg.io/v1", "Cluster").inNamespace(namespace).list().getItems();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return List.of();
            }
            throw e;
        }
    }

    private static int orOne(Integer replicas) {
        return replicas == null ? 1 : replicas;
    }

    static boolean has(ResourceRequirements r, String kind, String resource) {
        Map<String, Quantity> values = "requests".equals(kind) ? r.getRequests() : r.getLimits();
        return values != null && values.get(resource) != null && Kube.amount(values.get(resource)).signum() > 0;
    }
}
