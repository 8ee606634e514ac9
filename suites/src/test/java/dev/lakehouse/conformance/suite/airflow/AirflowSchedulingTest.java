package dev.lakehouse.conformance.suite.airflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.conformance.backend.airflow.AirflowClient;
import dev.lakehouse.conformance.backend.airflow.AirflowClient.DagRun;
import dev.lakehouse.conformance.junit.LakehouseTest;
import dev.lakehouse.conformance.junit.RequiresCapability;
import dev.lakehouse.conformance.junit.Verifies;
import dev.lakehouse.conformance.plan.Checkpoints;
import dev.lakehouse.conformance.plan.Criteria;
import dev.lakehouse.conformance.results.Figures;
import dev.lakehouse.conformance.suite.support.IcebergSchema;
import dev.lakehouse.conformance.suite.support.Names;
import dev.lakehouse.conformance.suite.support.ScratchBucket;
import dev.lakehouse.conformance.target.Capability;
import dev.lakehouse.conformance.target.Target;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Checkpoint 4.1: scheduled runs start close to their due time. A DAG with a short schedule runs while one pipeline
 * run loads the scheduler, its executor and Spark, and nothing else runs on the machine: the lag is Airflow's own,
 * not that of other suites competing for the same CPUs (they run beside the pipeline suite, not beside this one).
 */
@LakehouseTest
@Tag(Checkpoints.AIRFLOW_SPARK)
@RequiresCapability({Capability.AIRFLOW, Capability.S3, Capability.TRINO_ICEBERG})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Isolated("a figure: measured with nothing but Airflow's own load running")
class AirflowSchedulingTest {
    /** Beyond the heartbeat's schedule: the DAG processor's parse and a scheduler busy with the pipeline. */
    private static final Duration SCHEDULE_MARGIN = Duration.ofMinutes(2);

    private final Target target;
    private AirflowClient airflow;
    private ScratchBucket landing;
    private IcebergSchema schema;
    private boolean pipelineWasPaused;
    private boolean heartbeatWasPaused;
    private Instant heartbeatUnpausedAt;
    private DagRun load;

    AirflowSchedulingTest(Target target) {
        this.target = target;
    }

    @BeforeAll
    void startTheLoadAndTheSchedule() {
        airflow = Pipeline.client(target.airflow());
        List.of(Pipeline.DAG, Pipeline.HEARTBEAT).forEach(dag -> airflow.awaitDag(dag, Pipeline.PARSED_WITHIN));
        landing = ScratchBucket.create(target, "sched-landing");
        schema = IcebergSchema.create(target, "sched");
        pipelineWasPaused = Pipeline.unpause(airflow, Pipeline.DAG);
        load = Pipeline.trigger(airflow, Names.sql(target, "load"), landing.name(), schema.name(), "good");
        heartbeatUnpausedAt = Instant.now();
        heartbeatWasPaused = Pipeline.unpause(airflow, Pipeline.HEARTBEAT);
    }

    @AfterAll
    void cleanUp() {
        try {
            if (airflow != null) {
                Pipeline.restorePaused(airflow, Pipeline.HEARTBEAT, heartbeatWasPaused);
                if (load != null && !airflow.dagRun(Pipeline.DAG, load.runId()).finished()) {
                    // it would go on writing into the schema being dropped
                    airflow.markFailed(Pipeline.DAG, load.runId());
                    airflow.awaitDagRun(Pipeline.DAG, load.runId(), Duration.ofSeconds(60));
                }
                Pipeline.restorePaused(airflow, Pipeline.DAG, pipelineWasPaused);
            }
        } finally {
            if (schema != null) {
                schema.close();
            }
            if (landing != null) {
                landing.close();
            }
        }
    }

    @Test
    @Verifies(Criteria.PIPELINE_DAGS)
    void scheduledDagRunsSuccessivelyOnTimeWhileThePipelineRuns() {
        // the schedule is the DAG's (15 s locally, minutes on a cluster): the wait and the spacing follow it
        Duration interval = Pipeline.scheduleInterval(airflow, Pipeline.HEARTBEAT);
        // only runs due after the unpause count: with catchup off, the first run Airflow creates on unpausing is
        // for an interval that ended while the DAG was paused, and its "lag" would be the pause
        Awaitility.await("two runs of " + Pipeline.HEARTBEAT + " due after it was unpaused have finished (schedule "
                        + interval + ")")
                .atMost(interval.multipliedBy(3).plus(SCHEDULE_MARGIN)).pollInterval(Duration.ofSeconds(1))
                .until(() -> finishedScheduledRuns().size() >= 2);
        List<DagRun> scheduled = finishedScheduledRuns();
        List<Double> lags = new ArrayList<>();
        for (DagRun run : scheduled) {
            assertThat(run.state()).as("state of scheduled run " + run.runId()).isEqualTo("success");
            Instant firstTask = airflow.taskInstances(Pipeline.HEARTBEAT, run.runId()).stream()
                    .map(t -> t.startDate().orElseThrow()).min(Instant::compareTo).orElseThrow();
            lags.add(Duration.between(run.runAfter().orElseThrow(), firstTask).toMillis() / 1000.0);
        }
        List<Instant> due = scheduled.stream().map(r -> r.runAfter().orElseThrow()).sorted().toList();
        for (int i = 1; i < due.size(); i++) {
            // not early, and no due time skipped
            assertThat(Duration.between(due.get(i - 1), due.get(i))).as("time between due times %s and %s (schedule %s)",
                    due.get(i - 1), due.get(i), interval).isGreaterThanOrEqualTo(interval).isLessThan(interval.multipliedBy(2));
        }
        // the load was real: the pipeline run was still going when the first measured run was due
        DagRun loadRun = airflow.awaitDagRun(Pipeline.DAG, load.runId(), Pipeline.runWithin(airflow, Pipeline.WORK_WITHIN));
        assertThat(loadRun.state()).as("state of the pipeline run that loaded the scheduler").isEqualTo("success");
        Instant loadEnded = loadRun.endDate().orElseThrow();
        assertThat(due.get(0)).as("due time of the first measured run, against the end of the pipeline run (%s)", loadEnded)
                .isBefore(loadEnded);
        // the gate compares the worst lag with its target (checkpoints.yaml), no stopwatch assert here
        double worst = lags.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        Figures.record(Checkpoints.AIRFLOW_SPARK, "airflow.scheduling.lag.seconds", worst, "s",
                "worst delay between a scheduled run's due time (run_after) and the start of its first task, over "
                        + lags.size() + " successive runs of " + Pipeline.HEARTBEAT + " (every " + interval.toSeconds()
                        + " s) while a pipeline run loaded Airflow and nothing else ran",
                lags);
    }

    private List<DagRun> finishedScheduledRuns() {
        return airflow.dagRuns(Pipeline.HEARTBEAT).stream()
                .filter(r -> "scheduled".equals(r.runType()) && r.finished())
                .filter(r -> r.runAfter().map(dueAt -> dueAt.isAfter(heartbeatUnpausedAt)).orElse(false))
                .toList();
    }
}
