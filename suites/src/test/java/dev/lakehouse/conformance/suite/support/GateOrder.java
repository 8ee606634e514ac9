package dev.lakehouse.conformance.suite.support;

import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;

/**
 * The order the suites run in, in one place (junit-platform.properties names this orderer). One lane runs the suites
 * one after the other; {@code @Execution(CONCURRENT)} suites (S3 lifecycle, the Airflow pipeline, 2.2's Spark
 * applications and templates, the compaction schedule, the abandoned lock: mostly waiting) are forked first and all
 * run beside it from the start; {@code @Isolated} suites (figures measured with nothing else running, the
 * metastore restarts) wait until nothing else runs, so they come last, after the concurrent ones have had the lane's
 * length to finish. Within the lane, suites come in the order their parts are up: S3 first (RGW answers in seconds,
 * while Trino and Airflow still start). A class not listed runs after the listed ones, in name order.
 */
public final class GateOrder implements ClassOrderer {
    static final List<String> ORDER = List.of(
            // needs only S3: runs while the rest starts
            "s3.S3IntegrationTest",
            // beside the lane: lifecycle expirations to wait for, all set up at once
            "s3.S3LifecycleTest",
            "s3.S3ProtocolTest",
            // Kubernetes is up in about half the time Trino takes: its suites fill that wait
            "kubernetes.PlatformManifestsTest",
            "kubernetes.PlatformRbacTest",
            "kubernetes.ResourcePolicyTest",
            "kubernetes.TrinoPlacementTest",
            "kubernetes.SparkOperatorTest",
            "kubernetes.LimitEnforcementTest",
            "kubernetes.JvmSettingsTest",
            // reads CloudNativePG's backup status (skipped on the ephemeral lakehouse, which has no operator); its opt-in
            // restore drill waits on a real cluster's recovery job
            "backup.CnpgBackupStatusTest",
            // the lane, beside the Airflow pipeline (tried: the suites that idle the CPU at times first, beside the
            // pipeline, and Trino's busiest after it; the lane ended later, the CPU is busy either way)
            "trino.TrinoDeploymentTest",
            "metastore.MetastoreTest",
            "monitoring.MonitoringTest",
            "s3.IcebergOnS3Test",
            "iceberg.IcebergTableOperationsTest",
            "iceberg.IcebergTimeTravelTest",
            "iceberg.IcebergMaintenanceTest",
            // the runbooks (5.3): restarts and scaling of the simulated pods, and Iceberg maintenance, within the lane
            "documentation.OperationsRunbookTest",
            "documentation.ScalingAndMaintenanceRunbookTest",
            "crossengine.CrossEngineConformanceTest",
            "crossengine.ConcurrentCommitsTest",
            "analytics.TpchCorrectnessTest",
            "analytics.PushdownTest",
            "documentation.TroubleshootingRunbookTest",
            // beside the lane: forked before the lane starts, they all run from the start (each waits for what it needs)
            "airflow.AirflowPipelineTest",
            "spark.SparkJobExecutionTest",
            "spark.SparkApplicationTemplatesTest",
            "airflow.CompactionScheduleTest",
            // beside the lane too: waits a minute or so for the metastore to time out a lock nobody releases
            "backup.AbandonedTableLockTest",
            // alone: disruptions (a request known to abort a defective radosgw; a metastore restart), then figures
            "s3.S3CopyTest",
            "metastore.MetastoreRestartTest",
            "airflow.AirflowSchedulingTest",
            "s3.S3ThroughputBenchmarkTest",
            "analytics.S3SelectTest",
            "spark.SparkStartupBenchmarkTest",
            "analytics.TpchBenchmarkTest",
            "analytics.TrinoConcurrencyTest",
            // alone: servers killed mid-work, then (last) destroys and restores the metastore's database, rebuilds the metastore, restores a bucket
            "backup.FaultsDuringWorkTest",
            "backup.MetastoreDisasterRecoveryTest");
    private static final String PACKAGE = "dev.lakehouse.conformance.suite.";

    @Override
    public void orderClasses(ClassOrdererContext context) {
        context.getClassDescriptors().sort(Comparator.comparingInt(GateOrder::position)
                .thenComparing(descriptor -> descriptor.getTestClass().getName()));
    }

    static int position(ClassDescriptor descriptor) {
        int index = ORDER.indexOf(descriptor.getTestClass().getName().replace(PACKAGE, ""));
        return index < 0 ? ORDER.size() : index;
    }
}
