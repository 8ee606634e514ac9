package dev.lakehouse.conformance.suite.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.conformance.junit.LakehouseTest;
import dev.lakehouse.conformance.junit.Verifies;
import dev.lakehouse.conformance.kubernetes.CnpgBackups;
import dev.lakehouse.conformance.kubernetes.CnpgRestoreDrill;
import dev.lakehouse.conformance.plan.Checkpoints;
import dev.lakehouse.conformance.plan.Criteria;
import dev.lakehouse.conformance.results.Figures;
import dev.lakehouse.conformance.suite.support.Kube;
import dev.lakehouse.conformance.target.BackupEndpoint;
import dev.lakehouse.conformance.target.Capability;
import dev.lakehouse.conformance.target.Target;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Checkpoint 5.2 on a CloudNativePG cluster: the metastore's database archives its WAL and takes scheduled base backups
 * (read from the Cluster, the Barman Cloud Plugin's ObjectStore, the Backups and ScheduledBackups; nothing is changed),
 * and, with the run's opt-in, its latest backup restores into a scratch namespace with every table committed before the
 * restore's target. The ephemeral lakehouse runs no CloudNativePG operator, so there these are skipped with that reason.
 */
@LakehouseTest
@Tag(Checkpoints.BACKUP_DR)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CnpgBackupStatusTest {
    /** A restore of a small metastore takes minutes (base backup download, WAL replay, instance start); a bound, not a target. */
    private static final Duration RESTORE_TIMEOUT = Duration.ofMinutes(20);
    private final Target target;
    private KubernetesClient client;
    private BackupEndpoint endpoint;
    private CnpgBackups.Status status;
    private Instant readAt;

    CnpgBackupStatusTest(Target target) {
        this.target = target;
    }

    @BeforeAll
    void readTheBackupStatus() {
        if (!target.has(Capability.CNPG_BACKUP_STATUS)) {
            return;
        }
        client = Kube.client(target.kubernetes());
        endpoint = target.parts().backup().orElseThrow();
        status = CnpgBackups.read(client, endpoint);
        readAt = Instant.now();
    }

    @AfterAll
    void close() {
        if (client != null) {
            client.close();
        }
    }

    /**
     * Where the metastore's database is no CloudNativePG cluster but the run's own PostgreSQL archived with Barman Cloud
     * (the ephemeral lakehouse), this path does not exist: MetastoreDisasterRecoveryTest backs that one up and restores it.
     */
    @BeforeEach
    void onACloudNativePgClusterOnly() {
        if (target.has(Capability.CNPG_BACKUP_STATUS)) {
            return;
        }
        Assumptions.abort(target.has(Capability.METASTORE_DATABASE_DRILLS)
                ? "not applicable: the target runs no CloudNativePG operator; its metastore's PostgreSQL is archived with Barman"
                        + " Cloud directly, which MetastoreDisasterRecoveryTest backs up and restores"
                : "target " + target.describe() + " lacks " + Capability.CNPG_BACKUP_STATUS + ": "
                        + target.lacks(Capability.CNPG_BACKUP_STATUS).orElse("no backup part"));
    }

    @Test
    @Verifies(Criteria.METADATA_BACKUP)
    void walArchivingToTheObjectStoreWorks() {
        assertThat(status.archiving()).as("ContinuousArchiving condition of %s (set once the first WAL is archived)",
                endpoint.qualifiedCluster()).hasValueSatisfying(archiving -> assertThat(archiving.working())
                .as("WAL archiving of %s works (%s: %s)", endpoint.qualifiedCluster(), archiving.reason(), archiving.message()).isTrue());
    }

    @Test
    @Verifies(Criteria.METADATA_BACKUP)
    void aScheduledBackupTakesBaseBackupsOfTheCluster() {
        assertThat(status.activeSchedules()).as("ScheduledBackups of %s that are not suspended (all: %s)",
                endpoint.qualifiedCluster(), status.schedules()).isNotEmpty();
    }

    @Test
    @Verifies(Criteria.METADATA_BACKUP)
    void theNewestBaseBackupIsYoungerThanTheAllowedAge() {
        status.lastBackup().ifPresent(last -> Figures.record(Checkpoints.BACKUP_DR, "backup.last.age.hours",
                hours(Duration.between(last, readAt)), "h", "newest completed base backup of " + endpoint.qualifiedCluster()
                        + " finished at " + last + " (allowed: " + endpoint.maxBackupAge() + ")"));
        assertThat(status.staleness(readAt, endpoint.maxBackupAge())).as("staleness of %s's backups (backup.maxBackupAge %s)",
                endpoint.qualifiedCluster(), endpoint.maxBackupAge()).isEmpty();
    }

    @Test
    @Verifies(Criteria.METADATA_BACKUP)
    void theFirstRecoverabilityPointIsReported() {
        assertThat(status.firstRecoverabilityPoint()).as("first recoverability point of %s (%s)", endpoint.qualifiedCluster(),
                status.objectStore().map(s -> "ObjectStore " + s + ", server " + status.serverName()).orElse("the Cluster's status"))
                .isPresent();
        Instant first = status.firstRecoverabilityPoint().orElseThrow();
        Figures.record(Checkpoints.BACKUP_DR, "backup.recovery-window.hours", hours(Duration.between(first, readAt)), "h",
                "a restore of " + endpoint.qualifiedCluster() + " can reach back to " + first);
        assertThat(first).as("first recoverability point of %s, before now", endpoint.qualifiedCluster()).isBefore(readAt);
    }

    /** Opt-in: the restore takes a database instance's worth of the cluster's capacity for minutes. */
    @Test
    @Verifies(Criteria.RESTORE_TESTED)
    void theLatestBackupRestoresWithEveryTableCommittedBeforeItsTarget() {
        // checked here, after onACloudNativePgClusterOnly: where there is no CloudNativePG the drill is not applicable,
        // where there is, it is skipped without the opt-in
        Assumptions.assumeTrue(target.has(Capability.CNPG_RESTORE_DRILL), () -> "target " + target.describe() + " lacks "
                + Capability.CNPG_RESTORE_DRILL + ": " + target.lacks(Capability.CNPG_RESTORE_DRILL).orElse(""));
        CnpgRestoreDrill.Result result = new CnpgRestoreDrill(client, endpoint, target.runId(), RESTORE_TIMEOUT).run();
        CnpgRestoreDrill.Comparison comparison = result.comparison();
        Figures.record(Checkpoints.BACKUP_DR, "dr.rto.seconds", result.recovery().toMillis() / 1000.0, "s",
                "from creating the restored Cluster in " + result.namespace() + " until it reported Ready");
        // tables committed after the restore's target differ by design: reported with the figure, not failed
        Figures.record(Checkpoints.BACKUP_DR, "dr.restore.tables", result.liveTables(), "tables",
                comparison.matching().size() + " of " + result.liveTables() + " live tables restored with the same pointer; "
                        + comparison.newer().size() + " newer than the restore's target " + result.target(),
                List.of(), Map.of("newerThanTarget", comparison.newer(), "unexpected", comparison.unexpected()));
        assertThat(comparison.matching()).as("tables of %s restored with the same pointer as the live one", endpoint.qualifiedCluster())
                .isNotEmpty();
        assertThat(comparison.unexpected()).as("tables committed before the restore's target %s that the restore of %s lacks or"
                + " has wrong (matching: %d, newer than the target: %s)", result.target(), endpoint.qualifiedCluster(),
                comparison.matching().size(), comparison.newer()).isEmpty();
        assertThat(client.namespaces().withName(result.namespace()).get()).as("scratch namespace %s after the drill (deleted"
                + " or terminating)", result.namespace()).satisfiesAnyOf(
                ns -> assertThat(ns).isNull(),
                ns -> assertThat(ns.getStatus().getPhase()).isEqualTo("Terminating"));
    }

    private static double hours(Duration duration) {
        return Math.round(duration.toSeconds() / 360.0) / 10.0;
    }
}
