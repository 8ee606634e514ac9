package dev.lakehouse.conformance.suite.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.conformance.junit.LakehouseTest;
import dev.lakehouse.conformance.junit.RequiresCapability;
import dev.lakehouse.conformance.junit.Verifies;
import dev.lakehouse.conformance.plan.Checkpoints;
import dev.lakehouse.conformance.plan.Criteria;
import dev.lakehouse.conformance.results.Figures;
import dev.lakehouse.conformance.suite.support.SparkSql;
import dev.lakehouse.conformance.suite.support.Stats;
import dev.lakehouse.conformance.target.Capability;
import dev.lakehouse.conformance.target.SparkRun;
import dev.lakehouse.conformance.target.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Checkpoints 2.2 and 5.1: how long a submitted application takes to start, over several real submissions
 * (each its own driver), measured with nothing else running.
 */
@LakehouseTest
@Tag(Checkpoints.SPARK_JOBS)
@RequiresCapability(Capability.SPARK)
@Isolated("a figure: measured with nothing else running")
class SparkStartupBenchmarkTest {
    private static final Duration TIMEOUT = Duration.ofMinutes(4);
    private static final int LATENCY_RUNS = 3;

    private final Target target;

    SparkStartupBenchmarkTest(Target target) {
        this.target = target;
    }

    @Test
    @Tag(Checkpoints.PERFORMANCE_OPTIMIZATION)
    @Verifies({Criteria.SPARKAPPLICATION_CRDS, Criteria.BENCHMARKS})
    void jobStartupLatencyIsMeasuredOverSeveralRuns() {
        SparkSql sql = new SparkSql(target);
        List<Double> toDriver = new ArrayList<>();
        List<Double> toFirstTask = new ArrayList<>();
        for (int i = 0; i < LATENCY_RUNS; i++) {
            SparkRun run = sql.submit("latency", List.of("SELECT count(*) FROM range(1000)")).awaitTermination(TIMEOUT);
            SparkRun.Attempt attempt = run.lastAttempt();
            assertThat(run.state()).as("latency probe %d (reason: %s)", i, attempt.failureReason().orElse("-"))
                    .isEqualTo(SparkRun.State.COMPLETED);
            assertThat(attempt.submitToDriver()).as("driver start found in the event log of run %d", i).isPresent();
            assertThat(attempt.submitToFirstTask()).as("first task found in the event log of run %d", i).isPresent();
            toDriver.add(attempt.submitToDriver().orElseThrow().toMillis() / 1000.0);
            toFirstTask.add(attempt.submitToFirstTask().orElseThrow().toMillis() / 1000.0);
        }
        String how = target.spark().mode() + ", " + LATENCY_RUNS + " sequential runs of sql-script";
        Figures.record(Checkpoints.SPARK_JOBS, "spark.job.startup.p95.seconds", Stats.percentile(toFirstTask, 95), "s",
                "submit -> first task, p95 by nearest rank (with " + LATENCY_RUNS + " runs: the slowest); " + how, toFirstTask);
        Figures.record(Checkpoints.SPARK_JOBS, "spark.job.driver-start.p50.seconds", Stats.percentile(toDriver, 50), "s",
                "submit -> driver's SparkContext up, p50; " + how, toDriver);
    }
}
