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
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.assertj.core.api.AbstractBooleanAssert;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Checkpoint 1.2, namespace and RBAC: the platform's namespaces exist and each component's service account can do
 * what the component needs and no more. Every answer is the API server's own authorizer (SubjectAccessReview):
 * nothing is done on an account's behalf, so this is read-only on any cluster.
 */
@LakehouseTest
@Tag(Checkpoints.HIVE_METASTORE)
@RequiresCapability(Capability.KUBERNETES)
@Verifies(Criteria.NAMESPACE_RBAC)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlatformRbacTest {
    private static final String SPARK_APPLICATIONS = "sparkoperator.k8s.io/sparkapplications";
    private final KubernetesEndpoint kubernetes;
    private final KubernetesClient client;

    PlatformRbacTest(Target target) {
        this.kubernetes = target.kubernetes();
        this.client = Kube.client(kubernetes);
    }

    @AfterAll
    void close() {
        client.close();
    }

    @Test
    void platformNamespacesAndServiceAccountsExist() {
        for (String namespace : new String[] {kubernetes.namespace(), kubernetes.sparkNamespace()}) {
            assertThat(client.namespaces().withName(namespace).get()).as("namespace " + namespace).isNotNull();
        }
        for (String account : kubernetes.serviceAccounts().values()) {
            String[] name = account.split("/", 2);
            assertThat(client.serviceAccounts().inNamespace(name[0]).withName(name[1]).get()).as("service account " + account).isNotNull();
        }
    }

    @Test
    void airflowMayCreateAndWatchSparkApplicationsInTheSparkNamespace() {
        String airflow = kubernetes.serviceAccount(KubernetesEndpoint.AIRFLOW);
        for (String verb : new String[] {"create", "get", "list", "watch"}) {
            assertThatAccount(airflow, verb, SPARK_APPLICATIONS, kubernetes.sparkNamespace()).isTrue();
        }
    }

    @Test
    void airflowMayNotTouchPodsSecretsOrOtherNamespaces() {
        String airflow = kubernetes.serviceAccount(KubernetesEndpoint.AIRFLOW);
        assertThatAccount(airflow, "delete", "pods", kubernetes.sparkNamespace()).isFalse();
        assertThatAccount(airflow, "create", "pods", kubernetes.sparkNamespace()).isFalse();
        assertThatAccount(airflow, "delete", "pods", "kube-system").isFalse();
        assertThatAccount(airflow, "get", "secrets", kubernetes.sparkNamespace()).isFalse();
        assertThatAccount(airflow, "create", SPARK_APPLICATIONS, "default").isFalse();
    }

    @Test
    void sparkDriversMayRunTheirExecutorsInTheSparkNamespace() {
        String spark = kubernetes.serviceAccount(KubernetesEndpoint.SPARK);
        assertThatAccount(spark, "create", "pods", kubernetes.sparkNamespace()).isTrue();
        assertThatAccount(spark, "delete", "pods", kubernetes.sparkNamespace()).isTrue();
        assertThatAccount(spark, "watch", "pods", kubernetes.sparkNamespace()).isTrue();
        assertThatAccount(spark, "create", "services", kubernetes.sparkNamespace()).isTrue();
        assertThatAccount(spark, "create", "configmaps", kubernetes.sparkNamespace()).isTrue();
    }

    @Test
    void sparkDriversMayNotReachBeyondTheirExecutors() {
        String spark = kubernetes.serviceAccount(KubernetesEndpoint.SPARK);
        assertThatAccount(spark, "create", "pods", "kube-system").isFalse();
        assertThatAccount(spark, "list", "secrets", kubernetes.sparkNamespace()).isFalse();
        assertThatAccount(spark, "create", SPARK_APPLICATIONS, kubernetes.sparkNamespace()).isFalse();
        assertThatAccount(spark, "create", "rbac.authorization.k8s.io/rolebindings", kubernetes.sparkNamespace()).isFalse();
    }

    @Test
    void metastoreAndTrinoHaveNoKubernetesApiAccess() {
        for (String component : new String[] {KubernetesEndpoint.METASTORE, KubernetesEndpoint.TRINO}) {
            String account = kubernetes.serviceAccount(component);
            assertThatAccount(account, "list", "pods", kubernetes.namespace()).isFalse();
            assertThatAccount(account, "get", "secrets", kubernetes.namespace()).isFalse();
            assertThatAccount(account, "get", "configmaps", kubernetes.namespace()).isFalse();
        }
    }

    private AbstractBooleanAssert<?> assertThatAccount(String account, String verb, String resource, String namespace) {
        SubjectAccessReview review = Kube.review(client, account, verb, resource, namespace);
        String reason = review.getStatus().getReason();
        return assertThat(review.getStatus().getAllowed()).as("%s may %s %s in namespace %s (authorizer: %s)", account, verb,
                resource, namespace, reason == null || reason.isBlank() ? "no rule allows it" : reason);
    }
}
