package dev.lakehouse.conformance.suite.support;

import dev.lakehouse.conformance.target.KubernetesEndpoint;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/** The suites' way into a target's Kubernetes API: a fabric8 client on its kubeconfig and context, never kubectl. */
public final class Kube {
    private Kube() {
    }

    public static KubernetesClient client(KubernetesEndpoint endpoint) {
        try {
            Config config = Config.fromKubeconfig(endpoint.context(), Files.readString(endpoint.kubeconfig()),
                    endpoint.kubeconfig().toString());
            return new KubernetesClientBuilder().withConfig(config).build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the kubeconfig " + endpoint.kubeconfig(), e);
        }
    }

    /**
     * What the API server's authorizer answers for {@code serviceAccount} ({@code namespace/name}) doing {@code verb}
     * on {@code resource} ({@code group/resource}, core resources without a group) in {@code namespace}: a
     * SubjectAccessReview, so nothing is done on the account's behalf.
     */
    public static SubjectAccessReview review(KubernetesClient client, String serviceAccount, String verb, String resource, String namespace) {
        String[] groupAndResource = resource.contains("/") ? resource.split("/", 2) : new String[] {"", resource};
        return review(client, serviceAccount, verb, groupAndResource[0], groupAndResource[1], "", namespace);
    }

    /** As above, for a subresource of a resource of {@code group} (e.g. the core group's pods, "log"). */
    public static SubjectAccessReview review(KubernetesClient client, String serviceAccount, String verb, String group, String resource,
                                             String subresource, String namespace) {
        String[] account = serviceAccount.split("/", 2);
        SubjectAccessReview review = new SubjectAccessReviewBuilder().withNewSpec()
                .withUser("system:serviceaccount:" + account[0] + ":" + account[1])
                .withGroups("system:serviceaccounts", "system:serviceaccounts:" + account[0], "system:authenticated")
                .withNewResourceAttributes().withVerb(verb).withGroup(group).withResource(resource).withSubresource(subresource)
                .withNamespace(namespace).endResourceAttributes()
                .endSpec().build();
        return client.authorization().v1().subjectAccessReview().create(review);
    }

    /**
     * The nodes the platform's workloads may land on: schedulable and without a NoSchedule or NoExecute taint (the
     * ephemeral cluster's real node is tainted: it runs only the pods that must really run).
     */
    public static List<Node> platformNodes(KubernetesClient client) {
        return client.nodes().list().getItems().stream()
                .filter(n -> !Boolean.TRUE.equals(n.getSpec().getUnschedulable()))
                .filter(n -> n.getSpec().getTaints() == null || n.getSpec().getTaints().stream()
                        .noneMatch(t -> "NoSchedule".equals(t.getEffect()) || "NoExecute".equals(t.getEffect())))
                .toList();
    }

    /** Every container of a pod template, init containers included. */
    public static List<Container> containers(PodSpec spec) {
        List<Container> containers = new ArrayList<>(spec.getContainers());
        if (spec.getInitContainers() != null) {
            containers.addAll(spec.getInitContainers());
        }
        return containers;
    }

    /** A quantity in base units: cores for CPU, bytes for memory. */
    public static BigDecimal amount(Quantity quantity) {
        return quantity == null ? BigDecimal.ZERO : Quantity.getAmountInBytes(quantity);
    }

    /** A namespace or object name for the run: run id, purpose, random suffix (a DNS label). */
    public static String name(String runId, String purpose) {
        String suffix = Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36, 36 * 36 * 36 * 36), 36);
        String name = (runId + "-" + purpose + "-" + suffix).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        return name.length() > 63 ? name.substring(name.length() - 63).replaceAll("^-+", "") : name;
    }
}
