package dev.lakehouse.conformance.suite.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.conformance.junit.LakehouseTest;
import dev.lakehouse.conformance.junit.RequiresCapability;
import dev.lakehouse.conformance.junit.Verifies;
import dev.lakehouse.conformance.plan.Checkpoints;
import dev.lakehouse.conformance.plan.Criteria;
import dev.lakehouse.conformance.suite.support.IcebergSchema;
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
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Checkpoint 2.2, the SparkApplication templates the cluster deploys: their dynamic allocation is
 * consistent (Spark on Kubernetes has no external shuffle service, so it needs shuffle tracking),
 * and, where a Kubernetes cluster is available, executors really scale within those bounds.
 */
@LakehouseTest
@Tag(Checkpoints.SPARK_JOBS)
@Verifies(Criteria.DYNAMIC_EXECUTOR_SCALING)
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

    @Test
    @RequiresCapability({Capability.SPARK_ON_KUBERNETES, Capability.TRINO_ICEBERG, Capability.S3})
    void executorsScaleUpUnderLoadWithinTheTemplatesBounds() throws IOException {
        SparkJob events = applications().stream().filter(a -> a.name().equals("generate-events")).findFirst().orElseThrow();
        SparkRun run;
        try (IcebergSchema schema = IcebergSchema.create(target, "scaling")) {
            run = target.spark().submit(events.withName(Names.sql(target, "scaling").replace('_', '-'))
                    .withArguments("--table", schema.spark("events"), "--rows", "50000000", "--seed", "7"))
                    .awaitTermination(Duration.ofMinutes(15));
        }
        assertThat(run.state()).as("state of the scaling run").isEqualTo(SparkRun.State.COMPLETED);
        assertThat(run.lastAttempt().peakExecutors()).as("peak executors under load (event log)")
                .isGreaterThan(events.dynamicAllocation().minExecutors())
                .isLessThanOrEqualTo(events.dynamicAllocation().maxExecutors());
    }
}
