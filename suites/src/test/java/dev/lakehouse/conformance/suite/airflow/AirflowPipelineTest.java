package dev.lakehouse.conformance.suite.airflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.lakehouse.conformance.backend.airflow.AirflowClient.DagRun;
import dev.lakehouse.conformance.backend.airflow.AirflowClient.Task;
import dev.lakehouse.conformance.backend.airflow.AirflowClient.TaskInstance;
import dev.lakehouse.conformance.backend.airflow.AirflowClient;
import dev.lakehouse.conformance.junit.LakehouseTest;
import dev.lakehouse.conformance.junit.RequiresCapability;
import dev.lakehouse.conformance.junit.Verifies;
import dev.lakehouse.conformance.plan.Checkpoints;
import dev.lakehouse.conformance.plan.Criteria;
import dev.lakehouse.conformance.results.Figures;
import dev.lakehouse.conformance.suite.support.AlertWebhook.ReceivedAlert;
import dev.lakehouse.conformance.suite.support.AlertWebhook;
import dev.lakehouse.conformance.suite.support.IcebergSchema;
import dev.lakehouse.conformance.suite.support.Kube;
import dev.lakehouse.conformance.suite.support.Names;
import dev.lakehouse.conformance.suite.support.PrometheusApi;
import dev.lakehouse.conformance.suite.support.ScratchBucket;
import dev.lakehouse.conformance.target.Capability;
import dev.lakehouse.conformance.target.KubernetesEndpoint;
import dev.lakehouse.conformance.target.SparkMode;
import dev.lakehouse.conformance.target.Target;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Checkpoints 4.1 and 4.2, told as one story in order: the platform's DAGs import cleanly with retries and
 * timeouts on every task; a pipeline run fed an unusable file retries its Spark step as configured, then
 * fails with nothing of its batch visible; that failure raises the platform's alert, which reaches
 * Alertmanager and the suite's own webhook; a later good run goes end to end and produces the data its
 * tasks claim (checked in the Iceberg tables through Trino, not taken from task states: apache/airflow#41212),
 * and the alert resolves. How late scheduled runs start is measured apart, alone (AirflowSchedulingTest).
 */
@LakehouseTest
@RequiresCapability({Capability.AIRFLOW, Capability.S3, Capability.TRINO_ICEBERG})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
// mostly waits on Airflow's scheduler: runs beside the sequential suites (GateOrder); the lock on the class keeps its
// own tests one after the other, in their order (a class-level @Execution would otherwise apply to them too)
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(AirflowPipelineTest.PIPELINE_DAG_LOCK)
class AirflowPipelineTest {
    static final String PIPELINE_DAG_LOCK = "airflow:" + Pipeline.DAG;
    private static final List<String> PLATFORM_DAGS = List.of(Pipeline.DAG, Pipeline.HEARTBEAT, CompactionScheduleTest.DAG);
    /** Beyond the monitoring stack's own delays (PrometheusApi.notificationDelay): the DAG callback's push, and slack. */
    private static final Duration ALERT_MARGIN = Duration.ofSeconds(60);

    private final Target target;
    private AirflowClient airflow;
    private boolean pipelineWasPaused;
    private AlertWebhook webhook;
    private ScratchBucket landing;
    private IcebergSchema schema;
    private DagRun failed;
    private ReceivedAlert firing;
    /** Every run this class triggered, so that a run still going after a failed wait is stopped before clean-up. */
    private final List<String> triggered = new ArrayList<>();

    AirflowPipelineTest(Target target) {
        this.target = target;
    }

    @BeforeAll
    void prepare() {
        airflow = Pipeline.client(target.airflow());
        PLATFORM_DAGS.forEach(dag -> airflow.awaitDag(dag, Pipeline.PARSED_WITHIN));
        if (target.has(Capability.ALERT_WEBHOOK)) {
            // listening before the failure, so that no notification is missed
            webhook = AlertWebhook.serve(target.monitoring().alertWebhook().orElseThrow());
        }
        landing = ScratchBucket.create(target, "landing");
        schema = IcebergSchema.create(target, "pipeline");
        pipelineWasPaused = Pipeline.unpause(airflow, Pipeline.DAG);
    }

    @AfterAll
    void cleanUp() {
        try {
            if (airflow != null) {
                stopUnfinishedRuns();
                Pipeline.restorePaused(airflow, Pipeline.DAG, pipelineWasPaused);
            }
        } finally {
            try {
                if (schema != null) {
                    schema.close();
                }
                if (landing != null) {
                    landing.close();
                }
            } finally {
                if (webhook != null) {
                    webhook.close();
                }
            }
        }
    }

    @Test
    @Order(1)
    @Tag(Checkpoints.AIRFLOW_SPARK)
    @Verifies(Criteria.PIPELINE_DAGS)
    void dagBagImportsWithoutErrors() {
        assertThat(airflow.importErrors()).as("Airflow's import errors for the DAG folder").isEmpty();
        assertThat(airflow.dags()).as("DAGs Airflow knows").extracting(AirflowClient.Dag::dagId).containsAll(PLATFORM_DAGS);
    }

    @Test
    @Order(2)
    @Tag(Checkpoints.AIRFLOW_SPARK)
    @Tag(Checkpoints.MONITORING_ALERTING)
    @Verifies(Criteria.RETRIES_TIMEOUTS)
    void everyTaskRetriesAndEveryTaskAndRunHasATimeout() {
        for (String dag : PLATFORM_DAGS) {
            List<Task> tasks = airflow.tasks(dag);
            assertThat(tasks).as("tasks of " + dag).isNotEmpty();
            for (Task task : tasks) {
                assertThat(task.retries()).as(dag + "." + task.taskId() + " retries").isGreaterThanOrEqualTo(1);
                assertThat(task.retryDelaySeconds()).as(dag + "." + task.taskId() + " retry_delay").isPresent();
                assertThat(task.executionTimeoutSeconds()).as(dag + "." + task.taskId() + " execution_timeout")
                        .hasValueSatisfying(seconds -> assertThat(seconds).isPositive());
            }
            assertThat(airflow.dagRunTimeoutSeconds(dag)).as(dag + " dagrun_timeout").isPresent();
        }
        // how many retries each task has is the DAG's choice (at least one, above); later steps read them from Airflow
        assertThat(airflow.tasks(Pipeline.DAG)).as("the pipeline's tasks")
                .extracting(Task::taskId).containsExactlyInAnyOrderElementsOf(Pipeline.TASKS);
    }

    @Test
    @Order(3)
    @Tag(Checkpoints.MONITORING_ALERTING)
    @RequiresCapability(Capability.FAILURE_INJECTION)
    @Verifies(Criteria.RETRIES_TIMEOUTS)
    void badInputIsRetriedAsConfiguredThenFailsWithNothingWritten() {
        String batch = Names.sql(target, "bad");
        Map<String, String> tablesBefore = PipelineData.tableStates(schema);
        DagRun run = runBatch(batch, "bad");
        List<TaskInstance> tasks = airflow.taskInstances(Pipeline.DAG, run.runId());
        assertThat(run.state()).as("state of the run fed a bad file (tasks: " + tasks + ")").isEqualTo("failed");
        failed = run;

        int retries = Pipeline.task(airflow, Pipeline.DAG, Pipeline.SPARK).retries();
        List<TaskInstance> attempts = airflow.tries(Pipeline.DAG, run.runId(), Pipeline.SPARK);
        assertThat(attempts).as("attempts of " + Pipeline.SPARK + ": its retries as Airflow reports them (" + retries + ") + 1")
                .hasSize(retries + 1);
        String unusable = Pipeline.expected("bad").path("unusable_file").asText();
        for (TaskInstance attempt : attempts) {
            assertThat(attempt.state()).as("state of attempt " + attempt.tryNumber()).isEqualTo("failed");
            // failed for the bad file, not for a broken Spark, S3 or credentials
            assertThat(airflow.taskLog(Pipeline.DAG, run.runId(), Pipeline.SPARK, attempt.tryNumber()))
                    .as("log of attempt " + attempt.tryNumber() + " of " + Pipeline.SPARK)
                    .contains("@@lakehouse-error").contains("UnusableInput").contains(unusable);
        }
        assertThat(state(tasks, Pipeline.INGEST)).as(Pipeline.INGEST + " (the raw files did land)").isEqualTo("success");
        assertThat(state(tasks, Pipeline.SUMMARY)).as(Pipeline.SUMMARY + " after the Spark step failed").isEqualTo("upstream_failed");
        assertThat(state(tasks, Pipeline.QUALITY)).as(Pipeline.QUALITY + " after the Spark step failed").isEqualTo("upstream_failed");
        PipelineData.assertLanded(airflow, run, landing, batch, Pipeline.expected("bad"));
        PipelineData.assertNothingOfBatch(schema, batch, tablesBefore);
        Figures.record(Checkpoints.MONITORING_ALERTING, "airflow.failed-run.attempts", attempts.size(), "attempts",
                Pipeline.SPARK + " ran " + attempts.size() + " times (retries=" + retries + "), each failing on "
                        + unusable + ", then the run failed; the analytics tables unchanged (" + tablesBefore + ")");
    }

    @Test
    @Order(4)
    @Tag(Checkpoints.MONITORING_ALERTING)
    @RequiresCapability({Capability.FAILURE_INJECTION, Capability.PROMETHEUS, Capability.ALERT_WEBHOOK})
    @Verifies(Criteria.FAILURE_ALERTS)
    void finalFailureRaisesAnAlertThatReachesAlertmanagerAndTheWebhook() {
        assumeThat(failed).as("a failed run from the previous step").isNotNull();
        // the platform's rules name the alert; what the plan asks is that one fires for the failed DAG
        ReceivedAlert alert = webhook.await("an alert firing for DAG " + Pipeline.DAG,
                a -> "firing".equals(a.status()) && Pipeline.DAG.equals(a.labels().get("dag_id")), alertWithin());
        firing = alert;
        assertThat(new PrometheusApi(target.monitoring()).alertmanagerAlerts()).as("alerts held by Alertmanager")
                .anySatisfy(labels -> assertThat(labels).containsEntry("alertname", alert.name()).containsEntry("dag_id", Pipeline.DAG));

        double seconds = Duration.between(failed.endDate().orElseThrow(), alert.receivedAt()).toMillis() / 1000.0;
        assertThat(seconds).as("seconds from the failed run's end to the alert (it cannot come first)").isPositive();
        Figures.record(Checkpoints.MONITORING_ALERTING, "airflow.failure.alert.seconds", seconds, "s",
                "from the failed run's end (Airflow's end_date) to the webhook receiving " + alert.name() + ": DAG failure callback -> "
                        + "Pushgateway -> Prometheus scrape and rule evaluation -> Alertmanager (group_wait) -> webhook");
    }

    @Test
    @Order(5)
    @Tag(Checkpoints.AIRFLOW_SPARK)
    @Tag(Checkpoints.MONITORING_ALERTING)
    @Verifies({Criteria.PIPELINE_DAGS, Criteria.RETRIES_TIMEOUTS})
    void goodRunAfterTheFailureGoesEndToEndWithTheDataItsTasksClaim() {
        String batch = Names.sql(target, "good");
        DagRun run = runBatch(batch, "good");
        List<TaskInstance> tasks = airflow.taskInstances(Pipeline.DAG, run.runId());
        assertThat(run.state()).as("state of pipeline run " + run.runId() + " (tasks: " + tasks + ")").isEqualTo("success");
        assertThat(tasks).as("task states of the run").allSatisfy(task ->
                assertThat(task.state()).as(task.taskId()).isEqualTo("success"));
        PipelineData.assertBatchAsExpected(airflow, run, schema, landing, batch, "good");

        double seconds = Duration.between(run.startDate().orElseThrow(), run.endDate().orElseThrow()).toMillis() / 1000.0;
        Figures.record(Checkpoints.AIRFLOW_SPARK, "airflow.pipeline.duration.seconds", seconds, "s",
                "ingest -> Spark clean -> Trino summary -> quality check, one batch of the 'good' dataset; Spark step "
                        + sparkStep() + "; per task: " + taskSeconds(tasks));
    }

    @Test
    @Order(6)
    @Tag(Checkpoints.MONITORING_ALERTING)
    @RequiresCapability({Capability.FAILURE_INJECTION, Capability.PROMETHEUS, Capability.ALERT_WEBHOOK})
    @Verifies(Criteria.FAILURE_ALERTS)
    void alertResolvesOnceARunSucceedsAgain() {
        assumeThat(firing).as("the alert that fired for the failed run").isNotNull();
        webhook.await(firing.name() + " resolved for " + Pipeline.DAG + " after its good run",
                a -> firing.name().equals(a.name()) && "resolved".equals(a.status()) && Pipeline.DAG.equals(a.labels().get("dag_id")),
                alertWithin());
    }

    @Test
    @Order(7)
    @Tag(Checkpoints.AIRFLOW_SPARK)
    @RequiresCapability(Capability.AIRFLOW_SPARK_ON_KUBERNETES)
    @Verifies({Criteria.SPARK_KUBERNETES_OPERATOR, Criteria.SPARK_RBAC})
    void onKubernetesTheSparkStepIsASparkApplicationSubmittedWithOnlyAirflowsOwnRights() {
        // the good and the failed runs above proved the data and the task states; here: the step is the Spark Operator's,
        // and the worker's service account (the one Airflow's Kubernetes connection uses on the ephemeral target, as its
        // in-cluster account on a cluster) may do what SparkKubernetesOperator does and nothing more
        assertThat(target.airflow().sparkMode()).as("the Spark mode the deployed DAGs run in").isEqualTo(SparkMode.KUBERNETES);
        assertThat(airflow.tasks(Pipeline.DAG)).as("operator of " + Pipeline.SPARK)
                .filteredOn(t -> t.taskId().equals(Pipeline.SPARK)).extracting(Task::operatorName)
                .containsExactly("SparkKubernetesOperator");
        KubernetesEndpoint kubernetes = target.kubernetes();
        String worker = kubernetes.serviceAccount(KubernetesEndpoint.AIRFLOW);
        String namespace = kubernetes.sparkNamespace();
        try (KubernetesClient client = Kube.client(kubernetes)) {
            for (String verb : List.of("create", "get", "list", "watch", "delete")) {
                assertThat(allowed(client, worker, verb, "sparkoperator.k8s.io/sparkapplications", namespace))
                        .as("%s may %s SparkApplications in %s", worker, verb, namespace).isTrue();
            }
            for (String verb : List.of("get", "list", "watch", "patch")) {
                assertThat(allowed(client, worker, verb, "pods", namespace)).as("%s may %s the driver pod", worker, verb).isTrue();
            }
            assertThat(Kube.review(client, worker, "get", "", "pods", "log", namespace).getStatus().getAllowed())
                    .as("%s may read the driver's log", worker).isTrue();
            assertThat(allowed(client, worker, "create", "pods", namespace)).as("%s may create pods itself", worker).isFalse();
            assertThat(allowed(client, worker, "get", "secrets", namespace)).as("%s may read the Spark namespace's Secrets", worker).isFalse();
            assertThat(allowed(client, worker, "create", "sparkoperator.k8s.io/sparkapplications", "default"))
                    .as("%s may create SparkApplications outside the Spark namespace", worker).isFalse();
        }
    }

    private static boolean allowed(KubernetesClient client, String account, String verb, String resource, String namespace) {
        return Boolean.TRUE.equals(Kube.review(client, account, verb, resource, namespace).getStatus().getAllowed());
    }

    /** How long an alert may take to reach the webhook, by the target's Prometheus and Alertmanager configuration. */
    private Duration alertWithin() {
        return new PrometheusApi(target.monitoring()).notificationDelay().plus(ALERT_MARGIN);
    }

    /** Triggers one batch and waits for its run to finish. */
    private DagRun runBatch(String batch, String dataset) {
        DagRun run = Pipeline.trigger(airflow, batch, landing.name(), schema.name(), dataset);
        triggered.add(run.runId());
        return airflow.awaitDagRun(Pipeline.DAG, run.runId(), Pipeline.runWithin(airflow, Pipeline.WORK_WITHIN));
    }

    /** A run that outlived a failed wait would go on writing into the schema being dropped: fail it first. */
    private void stopUnfinishedRuns() {
        for (String runId : triggered) {
            if (!airflow.dagRun(Pipeline.DAG, runId).finished()) {
                airflow.markFailed(Pipeline.DAG, runId);
                airflow.awaitDagRun(Pipeline.DAG, runId, Duration.ofSeconds(60));
            }
        }
    }

    private String sparkStep() {
        String operator = airflow.tasks(Pipeline.DAG).stream().filter(t -> t.taskId().equals(Pipeline.SPARK))
                .map(Task::operatorName).findFirst().orElse("?");
        return "ran as " + operator + " (mode '" + target.airflow().sparkMode() + "')";
    }

    private static String state(List<TaskInstance> tasks, String taskId) {
        return tasks.stream().filter(t -> t.taskId().equals(taskId)).map(TaskInstance::state).findFirst().orElse("missing");
    }

    private static String taskSeconds(List<TaskInstance> tasks) {
        List<String> parts = new ArrayList<>();
        for (TaskInstance task : tasks) {
            if (task.startDate().isPresent() && task.endDate().isPresent()) {
                parts.add(String.format("%s %.1f s", task.taskId(),
                        Duration.between(task.startDate().get(), task.endDate().get()).toMillis() / 1000.0));
            }
        }
        return String.join(", ", parts);
    }
}
