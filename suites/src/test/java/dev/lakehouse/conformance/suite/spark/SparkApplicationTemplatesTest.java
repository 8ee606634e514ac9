package dev.lakehouse.conformance.suite.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.conformance.junit.LakehouseTest;
import dev.lakehouse.conformance.junit.RequiresCapability;
import dev.lakehouse.conformance.junit.Verifies;
import dev.lakehouse.conformance.plan.Checkpoints;
import dev.lakehouse.conformance.plan.Criteria;
import dev.lakehouse.conformance.results.Figures;
import dev.lakehouse.conformance.suite.support.Names;
import dev.lakehouse.conformance.target.Capability;
import dev.lakehouse.conformance.target.Settings;
import dev.lakehouse.conformance.target.SparkJob;
import dev.lakehouse.conformance.target.SparkRun;
import dev.lakehouse.conformance.target.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Checkpoint 2.2, the SparkApplication templates the cluster deploys: their dynamic allocation is
 * consistent (Spark on Kubernetes has no external shuffle service, so it needs shuffle tracking),
 * and, where a Kubernetes cluster is available, executors really scale within those bounds.
 */
@LakehouseTest
@Tag(Checkpoints.SPARK_JOBS)
@Verifies(Criteria.DYNAMIC_EXECUTOR_SCALING)
// its application's tasks idle for a fixed time (the figure is the executor count, not a speed): it runs beside the lane
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock("spark:executor-scaling")
class SparkApplicationTemplatesTest {
    private final Target target;

    SparkApplicationTemplatesTest(Target target) {
        this.target = target;
    }

    private static List<SparkJob> applications() throws IOException {
        Path dir = Settings.fromSystemProperties().platformDir().resolve("spark/applications");
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".yaml") && !f.getFileName().toString().equals("kustomization.yaml"))
                    .sorted().map(SparkJob::fromManifest).toList();
        }
    }

    @Test
    void dynamicAllocationSettingsOfEveryTemplateAreConsistent() throws IOException {
        List<SparkJob> applications = applications();
        assertThat(applications).as("SparkApplication manifests in k8s-fixtures/spark/applications").isNotEmpty();
        for (SparkJob app : applications) {
            SparkJob.DynamicAllocation spec = app.dynamicAllocation();
            assertThat(spec.enabled()).as("%s: spec.dynamicAllocation.enabled", app.name()).isTrue();
            assertThat(app.sparkConf()).as("%s: sparkConf", app.name())
                    .containsEntry("spark.dynamicAllocation.enabled", "true")
                    .containsEntry("spark.dynamicAllocation.shuffleTracking.enabled", "true")
                    .containsEntry("spark.dynamicAllocation.minExecutors", Integer.toString(spec.minExecutors()))
                    .containsEntry("spark.dynamicAllocation.maxExecutors", Integer.toString(spec.maxExecutors()))
                    .doesNotContainEntry("spark.shuffle.service.enabled", "true");
            assertThat(spec.minExecutors()).as("%s: minExecutors <= initialExecutors", app.name())
                    .isLessThanOrEqualTo(spec.initialExecutors());
            assertThat(spec.initialExecutors()).as("%s: initialExecutors <= maxExecutors", app.name())
                    .isLessThanOrEqualTo(spec.maxExecutors());
            assertThat(spec.maxExecutors()).as("%s: maxExecutors", app.name()).isPositive();
        }
    }

    /**
     * Dynamic allocation observed, not assumed: the sql-script application runs 4 tasks of 20 s each (they sleep, so
     * the figure does not depend on the CPU), more than its initial executor's 2 cores take at once; the executor pods
     * must rise above the initial count, within maxExecutors, and fall back to minExecutors while the driver still runs
     * a single 15 s task. The idle timeouts are shortened (5 s instead of Spark's 60 s and shuffle tracking's unbounded
     * one) so that the fall-back happens within the test; the bounds are the manifest's.
     */
    @Test
    @RequiresCapability({Capability.SPARK_ON_KUBERNETES, Capability.S3})
    void executorsScaleUpUnderLoadAndFallBackWhenIdle() throws IOException {
        SparkJob sqlScript = applications().stream().filter(a -> a.name().equals("sql-script")).findFirst().orElseThrow();
        SparkJob.DynamicAllocation bounds = sqlScript.dynamicAllocation();
        SparkRun run = target.spark().submit(sqlScript.withoutRetries()
                .withName(Names.sql(target, "scaling").replace('_', '-'))
                .withSparkConf(Map.of("spark.dynamicAllocation.executorIdleTimeout", "5s",
                        "spark.dynamicAllocation.shuffleTracking.timeout", "5s",
                        "spark.dynamicAllocation.schedulerBacklogTimeout", "1s"))
                .withArguments("SELECT id FROM range(0, 4, 1, 4) WHERE reflect('java.lang.Thread', 'sleep', 20000L) IS NOT NULL",
                        "SELECT id FROM range(0, 1, 1, 1) WHERE reflect('java.lang.Thread', 'sleep', 15000L) IS NOT NULL"))
                .awaitTermination(Duration.ofMinutes(5));

        assertThat(run.state()).as("state of the scaling run (reason: %s)", run.lastAttempt().failureReason().orElse("-"))
                .isEqualTo(SparkRun.State.COMPLETED);
        List<SparkRun.ExecutorCount> counts = run.executorCounts();
        int peak = counts.stream().mapToInt(SparkRun.ExecutorCount::running).max().orElse(0);
        assertThat(peak).as("most executor pods running at once, over %s", counts)
                .isGreaterThan(bounds.initialExecutors())
                .isLessThanOrEqualTo(bounds.maxExecutors());
        SparkRun.ExecutorCount firstPeak = counts.stream().filter(c -> c.running() == peak).findFirst().orElseThrow();
        SparkRun.Attempt attempt = run.lastAttempt();
        List<Integer> afterPeak = counts.stream().filter(c -> c.at().isAfter(firstPeak.at()) && c.at().isBefore(attempt.finished()))
                .map(SparkRun.ExecutorCount::running).toList();
        // at least one executor still running (the driver's last task), no more than minExecutors: the idle ones were
        // removed by dynamic allocation, not by the application's end (which removes them all)
        assertThat(afterPeak).as("executor pods after the peak, while the driver still ran, over %s", counts)
                .anySatisfy(low -> assertThat(low).as("executors once idle ones were removed").isBetween(1, bounds.minExecutors()));

        Instant start = attempt.submitted();
        List<Double> timeline = new ArrayList<>();
        StringBuilder series = new StringBuilder();
        for (SparkRun.ExecutorCount count : counts) {
            double at = Duration.between(start, count.at()).toMillis() / 1000.0;
            timeline.add((double) count.running());
            series.append(String.format(Locale.ROOT, "%s%.1f s: %d", series.isEmpty() ? "" : ", ", at, count.running()));
        }
        Figures.record(Checkpoints.SPARK_JOBS, "spark.dynamic-allocation.peak-executors", peak, "executors",
                "executor pods running over time (from submission): " + series + "; bounds initial " + bounds.initialExecutors()
                        + ", min " + bounds.minExecutors() + ", max " + bounds.maxExecutors() + " (sql-script.yaml); 4 tasks sleeping 20 s"
                        + " on 2-core executors, then one 15 s task; idle timeouts 5 s; " + target.spark().mode(), timeline);
    }
}
