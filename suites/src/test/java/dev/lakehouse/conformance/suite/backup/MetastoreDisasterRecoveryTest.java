package dev.lakehouse.conformance.suite.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.conformance.junit.LakehouseTest;
import dev.lakehouse.conformance.junit.RequiresCapability;
import dev.lakehouse.conformance.junit.Verifies;
import dev.lakehouse.conformance.plan.Checkpoints;
import dev.lakehouse.conformance.plan.Criteria;
import dev.lakehouse.conformance.results.Figures;
import dev.lakehouse.conformance.results.RunResults;
import dev.lakehouse.conformance.runbook.Runbook;
import dev.lakehouse.conformance.runbook.RunbookShell;
import dev.lakehouse.conformance.suite.support.IcebergSchema;
import dev.lakehouse.conformance.suite.support.MetastoreClient;
import dev.lakehouse.conformance.suite.support.Names;
import dev.lakehouse.conformance.suite.support.S3Clients;
import dev.lakehouse.conformance.suite.support.ScratchBucket;
import dev.lakehouse.conformance.suite.support.SparkSql;
import dev.lakehouse.conformance.suite.support.TrinoSession;
import dev.lakehouse.conformance.target.Capability;
import dev.lakehouse.conformance.target.MetastoreDatabase;
import dev.lakehouse.conformance.target.Settings;
import dev.lakehouse.conformance.target.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.parallel.Isolated;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Checkpoint 5.2, by doing it: the metastore's PostgreSQL is backed up with Barman Cloud and the warehouse replicated,
 * then the database is destroyed and restored to a point in time (a table maintenance emptied found unreadable, the
 * commits orphan removal deleted under a restored pointer found lost), the Iceberg tables rolled forward, the restored
 * database backed up and restored once more, the metastore rebuilt with no backup at all, and the warehouse bucket
 * restored from its replica. Every command is a named step of docs/runbooks/disaster-recovery.md, executed as written;
 * the assertions between them read the data (row counts and checksums over every column), never only metadata.
 * The drills run in order on shared state: each starts from where the previous one left the lakehouse.
 */
@LakehouseTest
@Tag(Checkpoints.BACKUP_DR)
@RequiresCapability({Capability.TRINO_ICEBERG, Capability.SPARK, Capability.S3})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Isolated("destroys and restores the metastore's database, which every other suite uses")
class MetastoreDisasterRecoveryTest {
    static final String RUNBOOK = "disaster-recovery.md";
    private static final String PRUNED = "pruned";
    /** What a reader following the runbook from the top executes, in the document's order. */
    static final List<String> STEPS = List.of("check-archiving", "take-base-backup", "list-backups", "replicate-warehouse",
            "restore-base-backup", "configure-recovery", "check-new-archive-empty", "check-promoted", "newest-metadata",
            "unregister-table", "register-table", "verify-table", "create-schema", "restore-warehouse-from-replica");
    private static final DateTimeFormatter POSTGRES_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSxxx").withZone(ZoneOffset.UTC);
    private static final Duration STEP_TIMEOUT = Duration.ofMinutes(3);
    private static final String RESTORED_SERVER = "metastore-db-restored-1";
    private static final String RESTORED_AGAIN_SERVER = "metastore-db-restored-2";

    private final Target target;
    private Runbook runbook;
    private RunbookShell shell;
    private MetastoreDatabase database;
    private IcebergSchema schema;
    private ScratchBucket replica;
    private TrinoSession trino;
    private Heartbeat heartbeat;
    private String heartbeatDatabase;
    private String rebuiltDatabase;
    /** The drill that began and did not finish: the ones after it start from a state it did not leave, so they do not run. */
    private String unfinished;
    @RegisterExtension
    final TestWatcher drillOutcome = new TestWatcher() {
        @Override
        public void testSuccessful(ExtensionContext context) {
            unfinished = null;
        }
    };
    private String view;
    /** Table states: when the warehouse was replicated, at the recovery target, and just before the failure. */
    private Map<String, TableState> atReplication;
    private Map<String, TableState> atTarget;
    private Map<String, TableState> beforeFailure;
    /** The table orphan removal runs on while its restored, older pointer is registered: its state at the target. */
    private TableState prunedAtTarget;
    /** Data files of the commit made to that table after the target. */
    private Set<String> prunedLaterFiles;
    private Instant recoveryTarget;
    private Instant stopAt;
    private boolean metastoreDown;

    MetastoreDisasterRecoveryTest(Target target) {
        this.target = target;
    }

    /** A table as a reader sees it: the metastore's pointer, the current snapshot, and its content read in full. */
    record TableState(String pointer, long snapshotId, long rows, String checksum) {
    }

    @BeforeAll
    void createTablesAndStartTheHeartbeat() throws Exception {
        if (!target.has(Capability.METASTORE_DATABASE_DRILLS)) {
            return;
        }
        runbook = Runbook.load(Settings.fromSystemProperties().runbook(RUNBOOK));
        database = target.metastoreDatabase();
        schema = IcebergSchema.create(target, "dr");
        replica = ScratchBucket.create(target, "dr-replica");
        trino = schema.session();
        MetastoreDatabase.BackupStore store = database.backups();
        Path work = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "lakehouse-dr-" + target.runId()));
        // what each step printed (secrets masked) is evidence: it stays with the run's results
        shell = new RunbookShell(runbook, work, RunResults.directory().resolve("disaster-recovery-runbook.log"))
                .with("S3_ENDPOINT", store.endpoint().toString())
                .with("S3_CA_FILE", store.caFile().map(Path::toString).orElse(""))
                .with("BACKUP_DESTINATION", store.destination())
                .with("PGHOST", "127.0.0.1")
                .with("PGPORT", Integer.toString(java.net.URI.create(database.jdbcUrl("postgres").substring(5)).getPort()))
                .with("PGUSER", database.user())
                .withSecret("PGPASSWORD", database.password())
                .with("PATH", database.binDir() + ":" + System.getenv("PATH"))
                .with("WAREHOUSE_URI", "s3://" + schema.bucket().name() + "/" + schema.name())
                .with("WAREHOUSE_BUCKET", schema.bucket().name())
                .with("REPLICA_BUCKET", replica.name());
        store.environment().forEach((key, value) -> {
            if (key.contains("SECRET")) {
                shell.withSecret(key, value);
            } else {
                shell.with(key, value);
            }
        });

        heartbeatDatabase = Names.sql(target, "heartbeat");
        rebuiltDatabase = Names.sql(target, "metastore_rebuilt");
        try (Connection c = DriverManager.getConnection(database.jdbcUrl("postgres"), database.user(), database.password())) {
            c.createStatement().execute("CREATE DATABASE " + heartbeatDatabase);
        }
        heartbeat = Heartbeat.start(database.jdbcUrl(heartbeatDatabase), database.user(), database.password());

        // three tables, three writers: Trino's CTAS and INSERTs, Spark's writes, and one that maintenance will touch
        trino.execute("CREATE TABLE " + schema.trino("orders") + " AS SELECT orderkey, custkey, orderstatus, totalprice, orderdate, comment"
                + " FROM tpch.tiny.orders WHERE orderkey % 4 = 0");
        new SparkSql(target).run("dr-events",
                "CREATE TABLE " + schema.spark("events") + " (id bigint, kind string, at timestamp) USING iceberg",
                "INSERT INTO " + schema.spark("events") + " SELECT id, CASE WHEN id % 3 = 0 THEN 'click' ELSE 'view' END,"
                        + " TIMESTAMP '2026-01-01 00:00:00' + make_interval(0, 0, 0, 0, 0, 0, id) FROM range(5000)");
        trino.execute("CREATE TABLE " + schema.trino("maintained") + " (id bigint, payload varchar)");
        for (int i = 0; i < 3; i++) {
            trino.execute("INSERT INTO " + schema.trino("maintained") + " SELECT " + (i * 1000) + " + n, 'row ' || CAST(n AS varchar)"
                    + " FROM UNNEST(sequence(1, 1000)) AS t(n)");
        }
        trino.execute("CREATE TABLE " + schema.trino(PRUNED) + " AS SELECT n AS id, 'before the target' AS note FROM UNNEST(sequence(1, 500)) AS t(n)");
        // lives only in the metastore: the no-backup path cannot bring it back
        view = schema.trino("open_orders");
        trino.execute("CREATE VIEW " + view + " AS SELECT orderkey, totalprice FROM " + schema.trino("orders") + " WHERE orderstatus = 'O'");
    }

    /**
     * The drills destroy the metastore's database: only a target that owns it allows that. On a CloudNativePG cluster the
     * backups are read, and restored into a scratch namespace on opt-in, by CnpgBackupStatusTest instead.
     */
    @BeforeEach
    void onATargetWhoseDatabaseMayBeDestroyedOnly(org.junit.jupiter.api.TestInfo test) {
        if (target.has(Capability.METASTORE_DATABASE_DRILLS)) {
            Assumptions.assumeTrue(unfinished == null, () -> "not run: the drill before it, " + unfinished
                    + ", did not finish, and this one starts from where that one leaves the lakehouse");
            unfinished = test.getDisplayName();
            return;
        }
        Assumptions.abort(target.has(Capability.CNPG_BACKUP_STATUS)
                ? "not applicable: the metastore's database is a CloudNativePG cluster, never destroyed by a test; its backups are"
                        + " read, and restored into a scratch namespace with -Dlakehouse.homelab.allow-restore-drill=true, by CnpgBackupStatusTest"
                : "target " + target.describe() + " lacks " + Capability.METASTORE_DATABASE_DRILLS + ": "
                        + target.lacks(Capability.METASTORE_DATABASE_DRILLS).orElse("no metastore database part"));
    }

    /**
     * Leaves the lakehouse with its metastore up (on the rebuilt database when the drills got that far: the gate's last
     * suite), the drills' tables, view, buckets, heartbeat database and work dir removed.
     */
    @AfterAll
    void removeEverything() throws Exception {
        try {
            if (heartbeat != null) {
                heartbeat.close();
            }
            if (metastoreDown && postgresAnswers()) {
                database.startMetastore(database.metastoreDatabaseName(), false); // the tables must be droppable
            }
            if (trino != null) {
                trino.execute("DROP VIEW IF EXISTS " + view);
            }
            if (heartbeatDatabase != null && postgresAnswers()) {
                try (Connection c = DriverManager.getConnection(database.jdbcUrl("postgres"), database.user(), database.password())) {
                    c.createStatement().execute("DROP DATABASE IF EXISTS " + heartbeatDatabase + " WITH (FORCE)");
                }
            }
            if (shell != null) {
                deleteTree(shell.workDir());
            }
        } finally {
            try {
                if (schema != null) {
                    schema.close();
                }
            } finally {
                if (replica != null) {
                    replica.close();
                }
            }
        }
    }

    @Test
    @Order(1)
    @Verifies(Criteria.DR_RUNBOOK)
    void theRunbookHasEveryStepTheDrillsExecuteInItsOrder() {
        assertThat(runbook.inOrder(STEPS.toArray(String[]::new))).extracting(Runbook.Step::name)
                .as("steps of %s the drills execute, in the document's order", RUNBOOK).containsExactlyElementsOf(STEPS);
    }

    @Test
    @Order(2)
    @Verifies(Criteria.METADATA_BACKUP)
    void walIsArchivedAndABaseBackupGoesToTheObjectStore() {
        shell.with("SERVER_NAME", database.backups().serverName());
        Awaitility.await("a WAL segment archived by barman-cloud-wal-archive (check-archiving)").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(2)).ignoreExceptions().until(() -> shell.run("check-archiving", STEP_TIMEOUT) != null);
        long begin = System.nanoTime();
        shell.run("take-base-backup", STEP_TIMEOUT);
        double seconds = (System.nanoTime() - begin) / 1e9;

        assertThat(shell.run("list-backups", STEP_TIMEOUT)).as("barman-cloud-backup-list after the backup").containsPattern("\\d{8}T\\d{6}");
        long bytes = objects(backupBucket(), database.backups().serverName() + "/base/").stream().mapToLong(S3Object::size).sum();
        assertThat(bytes).as("bytes of the base backup in the object store").isPositive();
        Figures.record(Checkpoints.BACKUP_DR, "backup.base.seconds", seconds, "s", "barman-cloud-backup --immediate-checkpoint --gzip of the metastore's PostgreSQL to RGW");
        Figures.record(Checkpoints.BACKUP_DR, "backup.base.megabytes", bytes / 1e6, "MB", "the base backup's objects in the backup bucket (gzip)");
    }

    @Test
    @Order(3)
    @Verifies(Criteria.METADATA_BACKUP)
    void theWarehouseIsReplicatedObjectForObject() {
        atReplication = states();
        long begin = System.nanoTime();
        shell.run("replicate-warehouse", STEP_TIMEOUT);
        double seconds = (System.nanoTime() - begin) / 1e9;

        // rclone copies objects, not the empty "directory" markers Trino's CREATE SCHEMA leaves (nothing reads them)
        assertThat(sizesByKey(replica.name())).as("objects (key and size) of the replica, directory markers aside")
                .isEqualTo(sizesByKey(schema.bucket().name()));
        Figures.record(Checkpoints.BACKUP_DR, "backup.warehouse-replication.seconds", seconds, "s", "rclone copy of the drill's warehouse bucket to its replica");
    }

    @Test
    @Order(4)
    @Verifies({Criteria.RESTORE_TESTED, Criteria.DR_RUNBOOK})
    void theDatabaseRestoredToAPointInTimeHasEveryTableAsItWasThenAndNothingLater() throws Exception {
        // commits before the target...
        trino.execute("INSERT INTO " + schema.trino("orders") + " SELECT orderkey, custkey, orderstatus, totalprice, orderdate, comment"
                + " FROM tpch.tiny.orders WHERE orderkey % 4 = 1");
        atTarget = states();
        prunedAtTarget = state(PRUNED);
        Set<String> prunedFilesAtTarget = dataFiles(PRUNED);
        recoveryTarget = Instant.now();
        // ...and after it, from both engines, plus maintenance that deletes the files the target's snapshot reads
        trino.execute("INSERT INTO " + schema.trino("orders") + " SELECT orderkey, custkey, orderstatus, totalprice, orderdate, comment"
                + " FROM tpch.tiny.orders WHERE orderkey % 4 = 2");
        new SparkSql(target).run("dr-events-after-target", "INSERT INTO " + schema.spark("events")
                + " SELECT id, 'purchase', TIMESTAMP '2026-02-01 00:00:00' FROM range(5000, 6000)");
        trino.execute("INSERT INTO " + schema.trino(PRUNED) + " SELECT n, 'after the target' FROM UNNEST(sequence(501, 800)) AS t(n)");
        prunedLaterFiles = new TreeSet<>(dataFiles(PRUNED));
        prunedLaterFiles.removeAll(prunedFilesAtTarget);
        trino.execute("ALTER TABLE " + schema.trino("maintained") + " EXECUTE optimize");
        trino.execute("SET SESSION " + schema.catalog() + ".expire_snapshots_min_retention = '0s'");
        trino.execute("ALTER TABLE " + schema.trino("maintained") + " EXECUTE expire_snapshots(retention_threshold => '0s')");
        beforeFailure = states();
        awaitArchivedPast(recoveryTarget);

        Instant failure = database.destroy();
        metastoreDown = true;
        Path restored = database.newDataDirectory("restored-1");
        long restoreBegin = System.nanoTime();
        restore(database.backups().serverName(), RESTORED_SERVER, restored, recoveryTarget);
        double restoreSeconds = (System.nanoTime() - restoreBegin) / 1e9;
        database.startMetastore(database.metastoreDatabaseName(), false);
        metastoreDown = false;
        Map<String, TableState> restoredStates = Map.of("orders", state("orders"), "events", state("events"));
        double rto = Duration.between(failure, Instant.now()).toMillis() / 1000.0;

        Heartbeat.Beats beats = Heartbeat.read(database.jdbcUrl(heartbeatDatabase), database.user(), database.password(), recoveryTarget);
        assertThat(beats.later()).as("heartbeats committed after the recovery target %s, in the restored database", recoveryTarget).isZero();
        assertThat(Duration.between(beats.newest(), recoveryTarget)).as("recovery target minus the newest restored heartbeat (one beats every 0.5 s)")
                .isBetween(Duration.ZERO, Duration.ofSeconds(2));
        assertThat(restoredStates).as("tables after the restore (pointer, snapshot, rows, checksum) against their state at the target")
                .isEqualTo(Map.of("orders", atTarget.get("orders"), "events", atTarget.get("events")));
        assertThat(pointer("maintained")).as("the maintained table's pointer after the restore").isEqualTo(atTarget.get("maintained").pointer());

        double rpo = Duration.between(beats.newest(), failure).toMillis() / 1000.0;
        Figures.record(Checkpoints.BACKUP_DR, "dr.rpo.seconds", rpo, "s", String.format("failure minus the newest heartbeat in the database"
                + " restored to a target %.1f s before the failure (archive_timeout bounds how close the target can be)",
                Duration.between(recoveryTarget, failure).toMillis() / 1000.0));
        Figures.record(Checkpoints.BACKUP_DR, "dr.rto.seconds", rto, "s", "database destroyed -> restored (barman-cloud-restore, WAL replay,"
                + " promotion), metastore started, every table read in full at its restored state");
        Figures.record(Checkpoints.BACKUP_DR, "dr.restore.seconds", restoreSeconds, "s", "the runbook's restore steps until the restored server was promoted");
    }

    @Test
    @Order(5)
    @Verifies(Criteria.RESTORE_TESTED)
    void aRestoredTableWhoseFilesMaintenanceDeletedIsFoundUnreadable() {
        assertThat(pointer("maintained")).as("the maintained table's restored pointer").isEqualTo(atTarget.get("maintained").pointer());
        assertThatThrownBy(() -> trino.query(verifySql("maintained")))
                .as("reading every column of a table restored to before expire_snapshots deleted its files")
                .hasMessageMatching("(?s).*(not found|NoSuchKey|does not exist|404|Failed to open|Error opening).*");
    }

    @Test
    @Order(6)
    @Verifies(Criteria.RESTORE_TESTED)
    void orphanRemovalUnderARestoredPointerDeletesTheCommitsMadeAfterItForGood() {
        assertThat(pointer(PRUNED)).as("the restored pointer of the table orphan removal will run on").isEqualTo(prunedAtTarget.pointer());
        assertThat(prunedLaterFiles).as("data files of the commit made after the target").isNotEmpty();
        assertThat(prunedLaterFiles).as("those files on S3 before the orphan removal: the commit could still be rolled forward")
                .allMatch(this::exists);

        // what the runbook warns against: maintenance between the restore and the roll-forward
        trino.execute("SET SESSION " + schema.catalog() + ".remove_orphan_files_min_retention = '0s'");
        trino.execute("ALTER TABLE " + schema.trino(PRUNED) + " EXECUTE remove_orphan_files(retention_threshold => '0s')");

        assertThat(state(PRUNED)).as("the table after the orphan removal: readable, at its restored state").isEqualTo(prunedAtTarget);
        assertThat(prunedLaterFiles).as("data files of the later commit after the orphan removal: deleted, the commit lost for good")
                .noneMatch(this::exists);
    }

    @Test
    @Order(7)
    @Verifies({Criteria.RESTORE_TESTED, Criteria.DR_RUNBOOK})
    void rollingForwardBringsEveryTableToItsLastStateBeforeTheFailure() {
        long begin = System.nanoTime();
        Map<String, String> newest = newestMetadata();
        int behind = 0;
        for (String table : beforeFailure.keySet()) {
            String restored = pointer(table);
            String location = locationOf(restored);
            String latest = newest.get(location);
            assertThat(latest).as("newest metadata file found on S3 under %s", location).isNotNull();
            if (!latest.equals(restored)) {
                behind += versionOf(latest) - versionOf(restored);
                reregister(table, location, latest);
            }
        }
        double seconds = (System.nanoTime() - begin) / 1e9;

        assertThat(states()).as("every table after the roll-forward, against its state just before the failure").isEqualTo(beforeFailure);
        assertThat(behind).as("Iceberg commits the restored pointers were behind").isPositive();
        Figures.record(Checkpoints.BACKUP_DR, "dr.iceberg.commits-behind", behind, "commits", "metadata versions between the restored pointers"
                + " and the newest on S3, all three tables; 0 after the roll-forward (asserted)");
        Figures.record(Checkpoints.BACKUP_DR, "dr.roll-forward.seconds", seconds, "s", "newest-metadata, then unregister/register_table for each table behind");
    }

    @Test
    @Order(8)
    @Verifies(Criteria.RESTORE_TESTED)
    void theRestoredDatabaseCanBeBackedUpAndRestoredAgain() throws Exception {
        shell.with("SERVER_NAME", RESTORED_SERVER);
        shell.run("take-base-backup", STEP_TIMEOUT);
        Instant backedUp = Instant.now();
        try (Heartbeat beats = Heartbeat.start(database.jdbcUrl(heartbeatDatabase), database.user(), database.password())) {
            // the target must lie after the backup's end as Barman lists it, in whole seconds (restore-base-backup)
            Awaitility.await("a heartbeat on the restored database 1.5 s after its backup ended").atMost(Duration.ofSeconds(15))
                    .until(() -> beats.stoppedBy() != null
                            || (beats.lastCommitted() != null && beats.lastCommitted().isAfter(backedUp.plusMillis(1500))));
            assertThat(beats.stoppedBy()).as("why the heartbeat on the restored database stopped").isNull();
            Instant target = Instant.now();
            // no recovery point is measured here: the segment holding the target is archived at once instead of after
            // archive_timeout, as an operator does before a planned restore test
            awaitArchivedPast(target, beats, true);
            stopAt = target;
        }
        Map<String, String> pointers = beforeFailure.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().pointer()));

        database.destroy();
        metastoreDown = true;
        restore(RESTORED_SERVER, RESTORED_AGAIN_SERVER, database.newDataDirectory("restored-2"), stopAt);

        Heartbeat.Beats beats = Heartbeat.read(database.jdbcUrl(heartbeatDatabase), database.user(), database.password(), stopAt);
        assertThat(beats.later()).as("heartbeats after the second target, in the database restored again").isZero();
        assertThat(Duration.between(beats.newest(), stopAt)).as("second target minus the newest heartbeat restored again")
                .isBetween(Duration.ZERO, Duration.ofSeconds(2));
        assertThat(pointersInTheDatabase(database.metastoreDatabaseName())).as("metastore pointers in the database restored from the"
                + " restored database's own backup").containsAllEntriesOf(pointers);
    }

    @Test
    @Order(9)
    @Verifies({Criteria.RESTORE_TESTED, Criteria.DR_RUNBOOK})
    void withNoBackupEveryTableIsRegisteredAgainFromItsNewestMetadata() throws Exception {
        long begin = System.nanoTime();
        try (Connection c = DriverManager.getConnection(database.jdbcUrl("postgres"), database.user(), database.password())) {
            c.createStatement().execute("CREATE DATABASE " + rebuiltDatabase);
        }
        database.startMetastore(rebuiltDatabase, true);
        metastoreDown = false;
        trino.execute(shell.text("create-schema", Map.of("SCHEMA", schema.name(), "SCHEMA_LOCATION", "s3://" + schema.bucket().name() + "/" + schema.name())));
        for (Map.Entry<String, String> table : newestMetadata().entrySet()) {
            String name = table.getKey().substring(table.getKey().lastIndexOf('/') + 1).replaceFirst("-[0-9a-f]{32}$", "");
            register(name, table.getKey(), table.getValue());
        }
        double seconds = (System.nanoTime() - begin) / 1e9;

        assertThat(states()).as("every table registered into an empty metastore, against its state before the failure").isEqualTo(beforeFailure);
        assertThat(trino.column("SHOW TABLES FROM " + schema.catalog() + "." + schema.name()))
                .as("what the no-backup path loses: the view that lived only in the metastore").doesNotContain("open_orders");
        Figures.record(Checkpoints.BACKUP_DR, "dr.rebuild.seconds", seconds, "s", "empty metastore database, schema created, every table"
                + " directory on S3 registered from its newest metadata file; views, grants and owners are lost");
    }

    @Test
    @Order(10)
    @Verifies({Criteria.RESTORE_TESTED, Criteria.DR_RUNBOOK})
    void aLostWarehouseBucketComesBackFromTheReplicaWithoutTheCommitsMadeAfterIt() {
        S3Clients.deleteBucket(schema.bucket().client(), schema.bucket().name());
        long begin = System.nanoTime();
        shell.run("restore-warehouse-from-replica", STEP_TIMEOUT);
        Map<String, String> newest = newestMetadata();
        int lost = 0;
        for (String table : beforeFailure.keySet()) {
            String registered = pointer(table);
            String location = locationOf(registered);
            lost += versionOf(registered) - versionOf(newest.get(location));
            reregister(table, location, newest.get(location));
        }
        double seconds = (System.nanoTime() - begin) / 1e9;

        assertThat(states()).as("every table after the bucket came back from the replica, against its state when replicated").isEqualTo(atReplication);
        assertThat(lost).as("commits made after the replication, lost with the bucket").isPositive();
        Figures.record(Checkpoints.BACKUP_DR, "dr.bucket-restore.seconds", seconds, "s", "rclone copy of the replica into the recreated bucket,"
                + " then every table re-registered from the newest metadata the replica had");
        Figures.record(Checkpoints.BACKUP_DR, "dr.bucket-loss.commits-lost", lost, "commits", "commits made after the last replication (all three tables)");
    }

    // --- the runbook's restore, and how the drills read the lakehouse

    /** The runbook's restore of {@code from} into {@code directory}, to {@code target}; the server then archives as {@code to}. */
    private void restore(String from, String to, Path directory, Instant target) {
        Map<String, String> restore = Map.of("SERVER_NAME", from, "NEW_SERVER_NAME", to, "RESTORE_PGDATA", directory.toString(),
                "RECOVERY_TARGET_TIME", POSTGRES_TIME.format(target));
        shell.run("restore-base-backup", restore, STEP_TIMEOUT);
        shell.run("configure-recovery", restore, STEP_TIMEOUT);
        shell.run("check-new-archive-empty", restore, STEP_TIMEOUT);
        database.startRestored(directory, to);
        Awaitility.await("the restored server replays WAL to " + target + " and promotes (check-promoted)").atMost(STEP_TIMEOUT)
                .pollInterval(Duration.ofSeconds(1)).ignoreExceptions().until(() -> shell.run("check-promoted", restore, Duration.ofSeconds(30)) != null);
        shell.with("SERVER_NAME", to);
    }

    private void reregister(String table, String location, String metadata) {
        trino.execute(shell.text("unregister-table", Map.of("SCHEMA", schema.name(), "TABLE", table)));
        register(table, location, metadata);
    }

    private void register(String table, String location, String metadata) {
        trino.execute(shell.text("register-table", Map.of("SCHEMA", schema.name(), "TABLE", table, "TABLE_LOCATION", location,
                "METADATA_FILE", metadata.substring(metadata.lastIndexOf('/') + 1))));
    }

    /** The runbook's newest-metadata listing: table location -> its newest metadata file. */
    private Map<String, String> newestMetadata() {
        Map<String, String> newest = new TreeMap<>();
        shell.run("newest-metadata", STEP_TIMEOUT).lines().map(String::strip).filter(l -> l.startsWith("s3://"))
                .forEach(line -> newest.put(line.split(" ")[0], line.split(" ")[1]));
        return newest;
    }

    /** The data files the table's current snapshot reads, as s3:// locations. */
    private Set<String> dataFiles(String table) {
        return trino.column("SELECT file_path FROM " + schema.catalog() + "." + schema.name() + ".\"" + table + "$files\"").stream()
                .map(Object::toString).collect(Collectors.toCollection(TreeSet::new));
    }

    private boolean exists(String location) {
        String key = location.substring(("s3://" + schema.bucket().name() + "/").length());
        return !S3Clients.list(schema.bucket().client(), schema.bucket().name(), key).isEmpty();
    }

    private Map<String, TableState> states() {
        Map<String, TableState> states = new LinkedHashMap<>();
        for (String table : List.of("orders", "events", "maintained")) {
            states.put(table, state(table));
        }
        return states;
    }

    private TableState state(String table) {
        List<Object> content = trino.query(verifySql(table)).get(0);
        long snapshot = (Long) trino.scalar("SELECT snapshot_id FROM " + schema.catalog() + "." + schema.name() + ".\"" + table
                + "$history\" ORDER BY made_current_at DESC LIMIT 1");
        return new TableState(pointer(table), snapshot, (Long) content.get(0), HexFormat.of().formatHex((byte[]) content.get(1)));
    }

    private String verifySql(String table) {
        String columns = trino.column("SELECT column_name FROM " + schema.catalog() + ".information_schema.columns WHERE table_schema = '"
                + schema.name() + "' AND table_name = '" + table + "' ORDER BY ordinal_position").stream()
                .map(c -> "\"" + c + "\"").collect(Collectors.joining(", "));
        return shell.text("verify-table", Map.of("SCHEMA", schema.name(), "TABLE", table, "COLUMNS", columns))
                .replace("iceberg.", schema.catalog() + ".");
    }

    private String pointer(String table) {
        try (MetastoreClient metastore = new MetastoreClient(target.metastore())) {
            return metastore.table(schema.name(), table).getParameters().get("metadata_location");
        } catch (org.apache.thrift.TException e) {
            throw new IllegalStateException("cannot read " + table + " from the metastore: " + e.getMessage(), e);
        }
    }

    private Map<String, String> pointersInTheDatabase(String metastoreDatabase) throws SQLException {
        Map<String, String> pointers = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(database.jdbcUrl(metastoreDatabase), database.user(), database.password());
             ResultSet rows = c.createStatement().executeQuery("SELECT t.\"TBL_NAME\", p.\"PARAM_VALUE\" FROM \"TBLS\" t"
                     + " JOIN \"DBS\" d ON d.\"DB_ID\" = t.\"DB_ID\" JOIN \"TABLE_PARAMS\" p ON p.\"TBL_ID\" = t.\"TBL_ID\""
                     + " WHERE p.\"PARAM_KEY\" = 'metadata_location' AND d.\"NAME\" = '" + schema.name() + "'")) {
            while (rows.next()) {
                pointers.put(rows.getString(1), rows.getString(2));
            }
        }
        return pointers;
    }

    private void awaitArchivedPast(Instant target) {
        awaitArchivedPast(target, heartbeat, false);
    }

    /**
     * Until a WAL segment holding a heartbeat committed after {@code target} is archived: recovery to a target needs a
     * commit after it in the archive (PostgreSQL stops before the first such commit, and fails if there is none). With
     * {@code switchNow}, that segment is closed with pg_switch_wal() instead of waiting for archive_timeout to close it.
     */
    private void awaitArchivedPast(Instant target, Heartbeat beats, boolean switchNow) {
        Awaitility.await("a heartbeat committed after " + target).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> beats.lastCommitted() != null && beats.lastCommitted().isAfter(target));
        String segment = query("SELECT pg_walfile_name(pg_current_wal_insert_lsn())");
        if (switchNow) {
            query("SELECT pg_walfile_name(pg_switch_wal())");
        }
        Awaitility.await("WAL segment " + segment + " (after " + target + ") archived, pg_stat_archiver.last_archived_wal")
                .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
                    String last = query("SELECT coalesce(last_archived_wal, '') FROM pg_stat_archiver");
                    return last.matches("[0-9A-F]{24}") && last.compareTo(segment) >= 0;
                });
    }

    private String query(String sql) {
        try (Connection c = DriverManager.getConnection(database.jdbcUrl("postgres"), database.user(), database.password());
             ResultSet rows = c.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private boolean postgresAnswers() {
        try (Connection c = DriverManager.getConnection(database.jdbcUrl("postgres"), database.user(), database.password())) {
            return c.isValid(5);
        } catch (SQLException e) {
            return false;
        }
    }

    private static void deleteTree(Path root) throws java.io.IOException {
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /** The table's location: its metadata files are under {@code <location>/metadata/}. */
    private static String locationOf(String metadataFile) {
        return metadataFile.substring(0, metadataFile.indexOf("/metadata/"));
    }

    private static int versionOf(String metadataFile) {
        return Integer.parseInt(metadataFile.substring(metadataFile.lastIndexOf('/') + 1).split("-")[0]);
    }

    private String backupBucket() {
        return database.backups().destination().replaceFirst("^s3://", "").split("/")[0];
    }

    private List<S3Object> objects(String bucket, String prefix) {
        return S3Clients.list(schema.bucket().client(), bucket, prefix);
    }

    private Map<String, Long> sizesByKey(String bucket) {
        return objects(bucket, "").stream().filter(o -> !o.key().endsWith("/"))
                .collect(Collectors.toMap(S3Object::key, S3Object::size, (a, b) -> a, TreeMap::new));
    }
}
