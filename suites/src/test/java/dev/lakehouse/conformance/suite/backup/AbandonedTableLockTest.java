package dev.lakehouse.conformance.suite.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.conformance.junit.LakehouseTest;
import dev.lakehouse.conformance.junit.RequiresCapability;
import dev.lakehouse.conformance.junit.Verifies;
import dev.lakehouse.conformance.plan.Checkpoints;
import dev.lakehouse.conformance.plan.Criteria;
import dev.lakehouse.conformance.results.Figures;
import dev.lakehouse.conformance.suite.support.IcebergSchema;
import dev.lakehouse.conformance.suite.support.MetastoreClient;
import dev.lakehouse.conformance.suite.support.MetastoreSiteFile;
import dev.lakehouse.conformance.suite.support.TrinoSession;
import dev.lakehouse.conformance.target.Capability;
import dev.lakehouse.conformance.target.Target;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.hive.metastore.api.LockComponent;
import org.apache.hadoop.hive.metastore.api.LockLevel;
import org.apache.hadoop.hive.metastore.api.LockRequest;
import org.apache.hadoop.hive.metastore.api.LockResponse;
import org.apache.hadoop.hive.metastore.api.LockState;
import org.apache.hadoop.hive.metastore.api.LockType;
import org.apache.hadoop.hive.metastore.api.NoSuchLockException;
import org.apache.hadoop.hive.metastore.api.ShowLocksRequest;
import org.apache.hadoop.hive.metastore.api.ShowLocksResponseElement;
import org.apache.hadoop.hive.metastore.api.UnlockRequest;
import org.apache.thrift.TException;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * A table lock nobody will release. Trino and Spark commit to an Iceberg table under an exclusive metastore lock; a
 * metastore killed between granting one and answering (it happened in one of the fault drill's runs) leaves it in
 * the database with no writer to release it, and the table's next writers queue behind it: with Metastore 4's defaults
 * for ever (Trino gives up after 10 minutes, "Timed out waiting for lock"). The lock is taken here as that commit took
 * it, then left; the claim is that the platform's metastore times it out within what its metastore-site.xml says
 * ({@code metastore.txn.timeout} plus one ACID housekeeper interval) and the waiting INSERT then commits.
 * It mostly waits, on nothing but its own table, so it runs beside the other suites.
 */
@LakehouseTest
@Tag(Checkpoints.BACKUP_DR)
@RequiresCapability({Capability.METASTORE, Capability.TRINO_ICEBERG})
@Execution(ExecutionMode.CONCURRENT)
class AbandonedTableLockTest {
    /** Beyond the configured lifetime: Trino's next check of its waiting lock, on a busy machine. */
    private static final Duration SLACK = Duration.ofMinutes(1);
    private final Target target;

    AbandonedTableLockTest(Target target) {
        this.target = target;
    }

    @Test
    @Tag(Checkpoints.HIVE_METASTORE)
    @Verifies(Criteria.METASTORE_POSTGRESQL)
    void aTableLockLeftByACommitThatWasCutShortExpiresAndTheTablesWritersGoOn() throws Exception {
        MetastoreSiteFile site = MetastoreSiteFile.ofThePlatform();
        Optional<Duration> configured = site.abandonedLockLifetime();
        assertThat(configured).as("how long the metastore of %s keeps a lock nobody releases: with no ACID housekeeper"
                + " (metastore.housekeeping.threads.on=true, AcidHouseKeeperService in metastore.task.threads.remote) for ever, and a"
                + " metastore killed mid-commit blocks the table's writers for good", site.file()).isPresent();
        Duration lifetime = configured.orElseThrow();
        try (IcebergSchema schema = IcebergSchema.create(target, "locks")) {
            expiresAndTheWriterGoesOn(schema, lifetime);
        }
    }

    private void expiresAndTheWriterGoesOn(IcebergSchema schema, Duration lifetime) throws Exception {
        String table = schema.trino("locked");
        TrinoSession trino = schema.session();
        trino.execute("CREATE TABLE " + table + " (batch integer)");
        trino.execute("INSERT INTO " + table + " VALUES 1");

        try (MetastoreClient metastore = new MetastoreClient(target.metastore());
                TrinoSession writer = new TrinoSession(target.trino(), "abandoned-lock-writer");
                AbandonedLock abandoned = new AbandonedLock(metastore, schema.name(), "locked")) {
            CompletableFuture<Void> insert = abandoned.queue(() -> writer.execute("INSERT INTO " + table + " VALUES 2"));
            Awaitility.await("the INSERT's lock request queued behind the abandoned lock (show_locks), or the INSERT done")
                    .atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500)).until(() -> insert.isDone()
                            || locks(metastore, schema.name(), "locked").stream().anyMatch(lock -> lock.getState() == LockState.WAITING));
            assertThat(insert).as("the INSERT while an exclusive lock on its table is held: it must wait").isNotDone();
            Duration bound = lifetime.plus(SLACK);
            Awaitility.await("the INSERT queued behind the abandoned lock done, within the lock's configured lifetime ("
                    + lifetime.toSeconds() + " s) and " + SLACK.toSeconds() + " s from when it was taken")
                    .atMost(bound.minus(abandoned.age())).pollInterval(Duration.ofMillis(500)).until(insert::isDone);
            insert.join(); // its failure, if it failed
            double seconds = abandoned.age().toMillis() / 1e3;
            assertThat(locks(metastore, schema.name(), "locked")).as("the table's locks once the INSERT committed: the abandoned one (%d) timed"
                    + " out, the INSERT's released", abandoned.id).isEmpty();
            assertThat(trino.column("SELECT batch FROM " + table + " ORDER BY batch")).as("batches in the table").containsExactly(1, 2);
            Figures.record(Checkpoints.BACKUP_DR, "fault.metastore.abandoned-lock.seconds", seconds, "s", String.format("a table's"
                    + " commit lock left by a commit cut short, until the INSERT queued behind it committed; the metastore-site.xml"
                    + " allows %d s (metastore.txn.timeout plus one ACID housekeeper interval), Trino's next check of its"
                    + " waiting lock comes on top", lifetime.toSeconds()));
        }
    }

    /**
     * The exclusive table lock a Trino or Spark commit takes, taken as the commit had it when the kill came, and a
     * writer queued behind it on a thread of its own. Closing releases the lock if the metastore has not (when a bound
     * ran out: nothing of the run stays locked) and lets the writer end.
     */
    private final class AbandonedLock implements AutoCloseable {
        final long id;
        private final MetastoreClient metastore;
        private final long taken = System.nanoTime();
        private final ExecutorService writerThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "abandoned-lock-writer"));
        private CompletableFuture<Void> writer = CompletableFuture.completedFuture(null);

        AbandonedLock(MetastoreClient metastore, String database, String table) throws TException {
            LockComponent component = new LockComponent(LockType.EXCLUSIVE, LockLevel.TABLE, database);
            component.setTablename(table);
            LockResponse response = metastore.api().lock(new LockRequest(List.of(component), "abandoned-" + target.runId(), "localhost"));
            this.metastore = metastore;
            this.id = response.getLockid();
            if (response.getState() != LockState.ACQUIRED) {
                close();
                throw new AssertionError("the lock taken as a commit takes it is " + response.getState() + ", not ACQUIRED");
            }
        }

        CompletableFuture<Void> queue(Runnable work) {
            writer = CompletableFuture.runAsync(work, writerThread);
            return writer;
        }

        Duration age() {
            return Duration.ofNanos(System.nanoTime() - taken);
        }

        @Override
        public void close() throws TException {
            try {
                metastore.api().unlock(new UnlockRequest(id));
            } catch (NoSuchLockException expired) {
                // the metastore timed it out, as it should; the test asserts that it did
            } finally {
                writerThread.shutdown(); // the writer gets through once the lock is gone; its outcome is asserted above
                try {
                    if (!writerThread.awaitTermination(1, TimeUnit.MINUTES)) {
                        writerThread.shutdownNow();
                    }
                } catch (InterruptedException e) {
                    writerThread.shutdownNow();
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private static List<ShowLocksResponseElement> locks(MetastoreClient metastore, String database, String table) throws TException {
        ShowLocksRequest request = new ShowLocksRequest();
        request.setDbname(database);
        request.setTablename(table);
        List<ShowLocksResponseElement> locks = metastore.api().show_locks(request).getLocks();
        return locks == null ? List.of() : locks;
    }
}
