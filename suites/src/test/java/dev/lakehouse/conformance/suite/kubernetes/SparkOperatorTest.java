package dev.lakehouse.conformance.suite.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.conformance.junit.LakehouseTest;
import dev.lakehouse.conformance.junit.RequiresCapability;
import dev.lakehouse.conformance.junit.Verifies;
import dev.lakehouse.conformance.kubernetes.PlatformDeployment;
import dev.lakehouse.conformance.plan.Checkpoints;
import dev.lakehouse.conformance.plan.Criteria;
import dev.lakehouse.conformance.suite.support.Kube;
import dev.lakehouse.conformance.suite.support.PlatformRules;
import dev.lakehouse.conformance.suite.support.PrometheusApi;
import dev.lakehouse.conformance.target.Capability;
import dev.lakehouse.conformance.target.KubernetesEndpoint;
import dev.lakehouse.conformance.target.Settings;
import dev.lakehouse.conformance.target.Target;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Checkpoint 2.1: the Kubeflow Spark Operator is deployed with its CRDs, its admission webhook is registered and
 * answers (an invalid SparkApplication is refused with the operator's own message, a valid one is admitted), and its
 * metrics reach Prometheus with the platform's SparkApplicationFailed rule loaded. The SparkApplications are the
 * platform's own manifests, sent as server-side dry runs: the webhook runs, nothing is stored.
 */
@LakehouseTest
@Tag(Checkpoints.SPARK_OPERATOR)
@RequiresCapability(Capability.SPARK_OPERATOR)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SparkOperatorTest {
    private static final String GROUP = "sparkoperator.k8s.io";
    private static final String OPERATOR_LABEL = "app.kubernetes.io/name";
    /** internal/webhook/sparkapplication_validator.go in kubeflow/spark-operator v2. */
    private static final String BOTH_NODE_SELECTORS_REFUSED = "node selector cannot be defined at both SparkApplication and Driver/Executor";
    private final Target target;
    private final KubernetesEndpoint kubernetes;
    private final KubernetesClient client;

    SparkOperatorTest(Target target) {
        this.target = target;
        this.kubernetes = target.kubernetes();
        this.client = Kube.client(kubernetes);
    }

    @AfterAll
    void close() {
        client.close();
    }

    @Test
    @Verifies(Criteria.OPERATOR_CRDS)
    void theControllerAndWebhookDeploymentsAreAvailable() {
        // the webhook's and the metrics' tests below show the operator's processes answer; this is the Deployments'
        Awaitility.await("the Spark Operator's controller and webhook Deployments with all replicas available")
                .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    List<Deployment> deployments = operatorDeployments();
                    assertThat(deployments).as("Deployments labelled %s=spark-operator", OPERATOR_LABEL)
                            .extracting(d -> d.getMetadata().getLabels().get("app.kubernetes.io/component"))
                            .contains("controller", "webhook");
                    assertThat(deployments).allSatisfy(d -> assertThat(d.getStatus().getAvailableReplicas())
                            .as("available replicas of " + d.getMetadata().getName()).isEqualTo(d.getSpec().getReplicas()));
                });
    }

    @Test
    @Verifies(Criteria.OPERATOR_CRDS)
    void theSparkApplicationCrdsAreEstablishedAndServed() {
        for (String plural : List.of("sparkapplications", "scheduledsparkapplications")) {
            CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions().withName(plural + "." + GROUP).get();
            assertThat(crd).as("CRD %s.%s", plural, GROUP).isNotNull();
            assertThat(crd.getStatus().getConditions()).as("conditions of " + crd.getMetadata().getName())
                    .anySatisfy(c -> assertThat(c.getType() + "=" + c.getStatus()).isEqualTo("Established=True"));
            assertThat(crd.getSpec().getVersions()).as("served versions of " + crd.getMetadata().getName())
                    .anySatisfy(v -> assertThat(v.getName() + (v.getServed() ? " served" : "")).isEqualTo("v1beta2 served"));
        }
        assertThatCode(() -> client.genericKubernetesResources(GROUP + "/v1beta2", "SparkApplication")
                .inNamespace(kubernetes.sparkNamespace()).list())
                .as("listing SparkApplications in %s (the CRD is served)", kubernetes.sparkNamespace()).doesNotThrowAnyException();
    }

    @Test
    @Verifies(Criteria.OPERATOR_WEBHOOK)
    void theWebhooksAreRegisteredWithTheOperatorsCa() {
        List<MutatingWebhook> mutating = client.admissionRegistration().v1().mutatingWebhookConfigurations().list().getItems().stream()
                .flatMap(c -> c.getWebhooks().stream()).filter(w -> w.getName().endsWith(GROUP)).toList();
        List<ValidatingWebhook> validating = client.admissionRegistration().v1().validatingWebhookConfigurations().list().getItems().stream()
                .flatMap(c -> c.getWebhooks().stream()).filter(w -> w.getName().endsWith(GROUP)).toList();
        assertThat(mutating).as("mutating webhooks of %s", GROUP).isNotEmpty()
                .allSatisfy(w -> assertThat(w.getClientConfig().getCaBundle()).as("CA bundle of " + w.getName()).isNotBlank());
        assertThat(validating).as("validating webhooks of %s", GROUP).isNotEmpty()
                .allSatisfy(w -> assertThat(w.getClientConfig().getCaBundle()).as("CA bundle of " + w.getName()).isNotBlank());
    }

    @Test
    @Verifies(Criteria.OPERATOR_WEBHOOK)
    void aValidSparkApplicationIsAdmitted() {
        GenericKubernetesResource application = sampleApplication();
        // failurePolicy Fail: an unreachable webhook would refuse this too
        GenericKubernetesResource admitted = client.resource(application).dryRun().create();
        assertThat(admitted.getMetadata().getUid()).as("the dry-run SparkApplication as the API server would store it").isNotBlank();
    }

    @Test
    @Verifies(Criteria.OPERATOR_WEBHOOK)
    void anInvalidSparkApplicationIsRefusedWithTheOperatorsMessage() {
        GenericKubernetesResource application = sampleApplication();
        Map<String, Object> spec = application.get("spec");
        Map<String, String> nodeSelector = Map.of("kubernetes.io/os", "linux");
        spec.put("nodeSelector", nodeSelector);
        @SuppressWarnings("unchecked")
        Map<String, Object> driver = (Map<String, Object>) spec.get("driver");
        driver.put("nodeSelector", nodeSelector);
        assertThatThrownBy(() -> client.resource(application).dryRun().create())
                .as("a SparkApplication with a node selector both on the application and on its driver")
                .isInstanceOf(KubernetesClientException.class)
                .hasMessageContaining("denied the request")
                .hasMessageContaining(BOTH_NODE_SELECTORS_REFUSED);
    }

    @Test
    @Verifies(Criteria.OPERATOR_MONITORING)
    @RequiresCapability(Capability.PROMETHEUS)
    void theOperatorsMetricsAreScrapedAndItsFailureAlertIsLoaded() {
        PrometheusApi prometheus = new PrometheusApi(target.monitoring());
        Awaitility.await("a Prometheus scrape of the Spark Operator's metrics that succeeded").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(prometheus.activeTargets()).as("Prometheus's scrape targets")
                        .anySatisfy(t -> {
                            assertThat(t.job()).contains("spark-operator");
                            assertThat(t.health()).isEqualTo("up");
                        }));
        assertThat(prometheus.scalar("count(controller_runtime_reconcile_total{job=~\".*spark-operator.*\"})"))
                .as("reconcile counters of the operator's controllers in Prometheus").isPresent();
        List<String> sparkAlerts = PlatformRules.load().alerts().stream().filter(a -> a.startsWith("SparkApplication")).toList();
        assertThat(sparkAlerts).as("the platform's Spark alerts").contains("SparkApplicationFailed");
        assertThat(prometheus.alertingRules()).as("alerting rules loaded in Prometheus").containsAll(sparkAlerts);
    }

    /** The platform's sample PySpark application, run-scoped name, in the Spark namespace. */
    private GenericKubernetesResource sampleApplication() {
        Settings settings = Settings.fromSystemProperties();
        GenericKubernetesResource application = PlatformDeployment.load(settings.platformFile("spark/applications/sql-script.yaml"))
                .stream().filter(GenericKubernetesResource.class::isInstance).map(GenericKubernetesResource.class::cast)
                .findFirst().orElseThrow(() -> new AssertionError("spark/applications/sql-script.yaml holds no SparkApplication"));
        application.getMetadata().setName(Kube.name(target.runId(), "webhook"));
        application.getMetadata().setNamespace(kubernetes.sparkNamespace());
        return application;
    }

    private List<Deployment> operatorDeployments() {
        return client.apps().deployments().inAnyNamespace().withLabel(OPERATOR_LABEL, "spark-operator").list().getItems();
    }
}
