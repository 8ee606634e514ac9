package dev.lakehouse.conformance.suite.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.conformance.junit.LakehouseTest;
import dev.lakehouse.conformance.junit.RequiresCapability;
import dev.lakehouse.conformance.junit.Verifies;
import dev.lakehouse.conformance.plan.Checkpoints;
import dev.lakehouse.conformance.plan.Criteria;
import dev.lakehouse.conformance.suite.support.IcebergSchema;
import dev.lakehouse.conformance.suite.support.Names;
import dev.lakehouse.conformance.suite.support.SparkSql;
import dev.lakehouse.conformance.suite.support.TrinoSession;
import dev.lakehouse.conformance.target.Capability;
import dev.lakehouse.conformance.target.Settings;
import dev.lakehouse.conformance.target.SparkJob;
import dev.lakehouse.conformance.target.SparkMode;
import dev.lakehouse.conformance.target.SparkRun;
import dev.lakehouse.conformance.target.Target;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Checkpoint 2.2: the platform's sample applications (k8s-fixtures/spark/applications) run as
 * separate drivers, write Iceberg, report failures with their exit code and reason, and are retried
 * as their SparkApplication's restartPolicy says (start-up latency: SparkStartupBenchmarkTest).
 */
@LakehouseTest
@Tag(Checkpoints.SPARK_JOBS)
@RequiresCapability({Capability.SPARK, Capability.TRINO_ICEBERG, Capability.S3})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
// its drivers leave the CPU idle at times (a retry waits out onFailureRetryInterval): it runs beside the sequential
// suites, after the Airflow pipeline (GateOrder); it yields no figure. The lock keeps its own tests one after the other.
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(SparkJobExecutionTest.LOCK)
class SparkJobExecutionTest {
    static final String LOCK = "spark:job-execution";
    private static final Duration TIMEOUT = Duration.ofMinutes(4);
    private static final int EVENTS = 5000;
    /** Longer than a failing attempt takes (15-25 s on pods here), so that a retry that ignores it shows. */
    private static final Duration RETRY_INTERVAL = Duration.ofSeconds(30);

    private final Target target;
    private IcebergSchema schema;
    private TrinoSession trino;
    private SparkRun generateEvents;

    SparkJobExecutionTest(Target target) {
        this.target = target;
    }

    @BeforeAll
    void runThePySparkSample() {
        schema = IcebergSchema.create(target, "sparkjobs");
        trino = schema.session();
        generateEvents = target.spark().submit(application("generate-events.yaml", "generate-events")
                .withArguments("--table", schema.spark("events"), "--rows", Integer.toString(EVENTS), "--seed", "42"))
                .awaitTermination(TIMEOUT);
    }

    private SparkJob application(String manifest, String purpose) {
        return SparkJob.fromManifest(Settings.fromSystemProperties().platformFile("spark/applications/" + manifest))
                .withName(Names.sql(target, purpose).replace('_', '-'));
    }

    @AfterAll
    void dropSchema() {
        if (schema != null) {
            schema.close();
        }
    }

    @Test
    @Verifies({Criteria.SPARKAPPLICATION_CRDS, Criteria.SPARK_ICEBERG_INTEGRATION})
    void pysparkApplicationRunsToCompletionAndWritesIceberg() {
        SparkRun.Attempt attempt = generateEvents.lastAttempt();
        assertThat(generateEvents.history()).as("states of the PySpark application (reason: %s)",
                attempt.failureReason().orElse("-")).containsExactly(SparkRun.State.SUBMITTED, SparkRun.State.RUNNING,
                SparkRun.State.COMPLETED);
        assertThat(attempt.exitCode()).as("driver exit code").isZero();
        assertThat(attempt.results()).as("the job's result line").singleElement()
                .satisfies(result -> assertThat(result.path("rows_written").asLong()).as("rows_written").isEqualTo(EVENTS));
        assertThat(trino.scalar("SELECT count(*) FROM " + schema.trino("events")))
                .as("rows Trino reads from the table the PySpark job wrote").isEqualTo((long) EVENTS);
    }

    @Test
    @Verifies({Criteria.SPARKAPPLICATION_CRDS, Criteria.SPARK_ICEBERG_INTEGRATION})
    void jvmApplicationRunsToCompletionAndWritesIceberg() {
        assertThat(generateEvents.state()).as("the events the JVM job reads were written").isEqualTo(SparkRun.State.COMPLETED);
        SparkRun rollup = target.spark().submit(application("events-rollup.yaml", "events-rollup")
                .withArguments(schema.spark("events"), schema.spark("daily"))).awaitTermination(TIMEOUT);

        assertThat(rollup.state()).as("state of the JVM application (reason: %s)",
                rollup.lastAttempt().failureReason().orElse("-")).isEqualTo(SparkRun.State.COMPLETED);
        long groups = (Long) trino.scalar("SELECT count(*) FROM (SELECT DISTINCT CAST(event_time AS date), event_type FROM "
                + schema.trino("events") + ")");
        assertThat(rollup.lastAttempt().results()).as("the JVM job's result line").singleElement()
                .satisfies(result -> assertThat(result.path("rows_written").asLong()).as("rows_written").isEqualTo(groups));
        String expected = "SELECT CAST(event_time AS date) AS event_day, event_type, count(*) AS events, sum(amount) AS amount_total"
                + " FROM " + schema.trino("events") + " GROUP BY 1, 2";
        String actual = "SELECT event_day, event_type, events, amount_total FROM " + schema.trino("daily");
        assertThat(trino.scalar("SELECT count(*) FROM (" + actual + " EXCEPT ALL " + expected + ")"))
                .as("rollup rows (day, type, count, amount) that Trino's own GROUP BY over the events does not give").isEqualTo(0L);
        assertThat(trino.scalar("SELECT count(*) FROM (" + expected + " EXCEPT ALL " + actual + ")"))
                .as("groups of Trino's GROUP BY missing from the JVM job's rollup").isEqualTo(0L);
    }

    /**
     * The manifest's retries, with the interval between them lengthened beyond an attempt's duration, so that the
     * back-off is observable: the Spark Operator counts onFailureRetryInterval from the previous submission, times the
     * attempts made (a linear back-off), the local submitter from the previous failure.
     */
    @Test
    @Verifies(Criteria.SPARKAPPLICATION_CRDS)
    void aFailingJobReportsItsExitCodeAndReasonAndIsRetriedAsItsRestartPolicySays() {
        SparkSql sql = new SparkSql(target);
        // it fails in the driver, before any task: no executor is started only to idle until the driver exits
        SparkJob job = sql.job().withRetryInterval(RETRY_INTERVAL).withoutIdleExecutors();
        SparkJob.RestartPolicy policy = job.restartPolicy();
        assertThat(policy.maxAttempts()).as("attempts the sql-script manifest allows (restartPolicy)").isGreaterThan(1);

        SparkRun run = target.spark().submit(job.withName(Names.sql(target, "failing").replace('_', '-'))
                .withArguments("SELECT * FROM " + schema.spark("no_such_table"))).awaitTermination(TIMEOUT.plus(RETRY_INTERVAL.multipliedBy(3)));

        assertThat(run.state()).as("final state of a job whose query names a missing table").isEqualTo(SparkRun.State.FAILED);
        assertThat(run.attempts()).as("attempts: 1 + onFailureRetries (%d)", policy.onFailureRetries())
                .hasSize(policy.maxAttempts())
                .allSatisfy(attempt -> {
                    assertThat(attempt.exitCode()).as("exit code of attempt %d", attempt.number()).isNotZero();
                    assertThat(attempt.failureReason()).as("reason of attempt %d from its log", attempt.number())
                            .hasValueSatisfying(reason -> assertThat(reason).as("reason text").contains("TABLE_OR_VIEW_NOT_FOUND"));
                });
        assertThat(run.history().stream().filter(s -> s == SparkRun.State.PENDING_RERUN).count())
                .as("PENDING_RERUN states in %s", run.history()).isEqualTo((long) policy.onFailureRetries());
        boolean operator = target.spark().sparkMode() == SparkMode.KUBERNETES;
        for (int i = 1; i < run.attempts().size(); i++) {
            SparkRun.Attempt previous = run.attempts().get(i - 1);
            Duration waited = Duration.between(operator ? previous.submitted() : previous.finished(), run.attempts().get(i).submitted());
            assertThat(waited).as("attempt %d: time since the previous %s (onFailureRetryInterval %s%s)", i + 1,
                            operator ? "submission" : "failure", RETRY_INTERVAL, operator ? " x " + i : "")
                    .isGreaterThanOrEqualTo(operator ? RETRY_INTERVAL.multipliedBy(i) : RETRY_INTERVAL);
        }
    }
}
