package dev.lakehouse.conformance.suite.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.conformance.junit.LakehouseTest;
import dev.lakehouse.conformance.junit.RequiresCapability;
import dev.lakehouse.conformance.junit.Verifies;
import dev.lakehouse.conformance.plan.Checkpoints;
import dev.lakehouse.conformance.plan.Criteria;
import dev.lakehouse.conformance.results.Figures;
import dev.lakehouse.conformance.suite.support.IcebergSchema;
import dev.lakehouse.conformance.suite.support.MetastoreSiteFile;
import dev.lakehouse.conformance.suite.support.S3Clients;
import dev.lakehouse.conformance.suite.support.SparkSql;
import dev.lakehouse.conformance.suite.support.TrinoSession;
import dev.lakehouse.conformance.target.Capability;
import dev.lakehouse.conformance.target.Disruptions.Server;
import dev.lakehouse.conformance.target.SparkRun;
import dev.lakehouse.conformance.target.Target;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.parallel.Isolated;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * What a user fears on an ordinary day, checkpoint 5.2's recovery side: a server killed (SIGKILL) while work goes on.
 * Writers commit numbered batches of 100 rows while the metastore, its PostgreSQL, radosgw or the Trino coordinator is
 * killed and started again. Afterwards every batch a writer saw committed is there in full, no batch is there in part
 * (a failed commit leaves the table at its previous snapshot), readers succeed again, and each server's time to come
 * back is a figure of the report. A kill that cuts a commit after its table lock was granted leaves the lock to expire
 * first (AbandonedTableLockTest), so the writers' bound after a metastore or database kill adds its lifetime. radosgw
 * is also killed under a multipart upload (which completes byte for byte) and under a Spark INSERT (after which the
 * table holds all of it or none, read back row by row).
 */
@LakehouseTest
@Tag(Checkpoints.BACKUP_DR)
@RequiresCapability({Capability.SERVER_KILLS, Capability.TRINO_ICEBERG, Capability.S3})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Isolated("kills the servers every other suite uses")
class FaultsDuringWorkTest {
    private static final int ROWS_PER_BATCH = 100;
    /** Rows of the Spark INSERT radosgw is killed under: eight files, a few seconds of writing on two cores. */
    private static final long SPARK_WRITE_ROWS = 2_000_000;
    /** A killed server's clients give up or get through within this; a bound, the figures say how long it took. */
    private static final Duration BACK_WITHIN = Duration.ofMinutes(2);
    private final Target target;
    private IcebergSchema schema;
    private TrinoSession trino;

    FaultsDuringWorkTest(Target target) {
        this.target = target;
    }

    @BeforeAll
    void createSchema() {
        schema = IcebergSchema.create(target, "faults");
        trino = schema.session();
    }

    @AfterAll
    void dropSchema() {
        if (schema != null) {
            schema.close();
        }
    }

    @Test
    @Tag(Checkpoints.HIVE_METASTORE)
    @Verifies(Criteria.METASTORE_POSTGRESQL)
    void theMetastoreKilledDuringCommitsLosesNoCommittedBatchAndLeavesNoneHalfDone() throws Exception {
        commitsSurvive(Server.METASTORE, "metastore_killed");
    }

    @Test
    @Tag(Checkpoints.HIVE_METASTORE)
    @Verifies(Criteria.METASTORE_POSTGRESQL)
    void postgresqlKilledUnderTheMetastoreRecoversWithEveryCommittedBatch() throws Exception {
        commitsSurvive(Server.METASTORE_DATABASE, "postgres_killed");
    }

    @Test
    @Tag(Checkpoints.S3_INTEGRATION)
    @Verifies(Criteria.RGW_S3_API)
    void radosgwKilledDuringAMultipartUploadStillCompletesItByteForByte() throws Exception {
        S3Client s3 = schema.bucket().client();
        String key = "multipart/" + target.runId();
        byte[][] parts = new byte[3][];
        Random random = new Random(13);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (int i = 0; i < parts.length; i++) {
            parts[i] = new byte[(i == 1 ? 16 : 5) << 20]; // S3's minimum part size; the part the kill cuts bigger
            random.nextBytes(parts[i]);
            sha.update(parts[i]);
        }
        String uploadId = s3.createMultipartUpload(r -> r.bucket(schema.bucket().name()).key(key)).uploadId();
        List<CompletedPart> done = new ArrayList<>();
        done.add(uploadPart(s3, key, uploadId, 1, RequestBody.fromBytes(parts[0])));

        // part 2's first attempt stops sending after 1 MiB until radosgw has been killed and is back
        CutStream cut = new CutStream(parts[1], 1 << 20);
        CompletableFuture<CompletedPart> second = CompletableFuture.supplyAsync(() -> uploadPart(s3, key, uploadId, 2,
                RequestBody.fromContentProvider(cut::newStream, parts[1].length, "application/octet-stream")));
        assertThat(cut.midway.await(60, TimeUnit.SECONDS)).as("part 2's first attempt has sent 1 MiB").isTrue();
        double seconds = target.killAndRecover(Server.RADOSGW);
        cut.resume.countDown();
        done.add(second.get(2, TimeUnit.MINUTES));

        assertThat(cut.attempts.get()).as("attempts to send part 2: the kill cut the first, the SDK sent it again").isGreaterThanOrEqualTo(2);
        assertThat(cut.firstReadToTheEnd).as("whether the cut attempt's body was read to its end").isFalse();
        // the upload outlives the gateway: its parts are in RADOS, not in the process
        done.add(uploadPart(s3, key, uploadId, 3, RequestBody.fromBytes(parts[2])));
        s3.completeMultipartUpload(r -> r.bucket(schema.bucket().name()).key(key).uploadId(uploadId)
                .multipartUpload(m -> m.parts(done)));
        byte[] read = s3.getObjectAsBytes(r -> r.bucket(schema.bucket().name()).key(key)).asByteArray();
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(read)))
                .as("SHA-256 of the object whose upload spanned a radosgw kill").isEqualTo(HexFormat.of().formatHex(sha.digest()));
        Figures.record(Checkpoints.BACKUP_DR, "fault.radosgw.recovery.seconds", seconds, "s", "radosgw SIGKILLed while a part of a"
                + " multipart upload was being sent, until S3 answered again; the SDK sent the part again (" + cut.attempts.get()
                + " attempts) and the upload completed intact");
    }

    /**
     * A part's body whose first attempt pauses after {@code pauseAfter} bytes until told to go on (the connection it
     * was sent on is dead by then); later attempts, the SDK's retries, stream it whole.
     */
    private static final class CutStream {
        final CountDownLatch midway = new CountDownLatch(1);
        final CountDownLatch resume = new CountDownLatch(1);
        final AtomicInteger attempts = new AtomicInteger();
        volatile boolean firstReadToTheEnd;
        private final byte[] bytes;
        private final int pauseAfter;

        CutStream(byte[] bytes, int pauseAfter) {
            this.bytes = bytes;
            this.pauseAfter = pauseAfter;
        }

        InputStream newStream() {
            if (attempts.incrementAndGet() > 1) {
                return new ByteArrayInputStream(bytes);
            }
            return new FilterInputStream(new ByteArrayInputStream(bytes)) {
                private long sent;

                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    if (sent >= pauseAfter && resume.getCount() > 0) {
                        midway.countDown();
                        try {
                            if (!resume.await(2, TimeUnit.MINUTES)) {
                                throw new IOException("radosgw was not killed and back within 2 minutes");
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new IOException("interrupted while paused", e);
                        }
                    }
                    // up to the pause point exactly, then the rest
                    int n = super.read(buffer, offset, sent < pauseAfter ? (int) Math.min(length, pauseAfter - sent) : length);
                    if (n < 0) {
                        firstReadToTheEnd = true;
                    } else {
                        sent += n;
                    }
                    return n;
                }
            };
        }
    }

    @Test
    @Tag(Checkpoints.S3_INTEGRATION)
    @Verifies(Criteria.RGW_S3_API)
    @RequiresCapability(Capability.SPARK)
    void radosgwKilledDuringASparkWriteLeavesTheTableWholeOrAtItsPreviousSnapshot() {
        String table = "spark_write_killed";
        String spark = schema.spark(table);
        long first = 1_000;
        long written = SPARK_WRITE_ROWS;
        SparkSql sparkSql = new SparkSql(target);
        sparkSql.run("fault-spark-table", "CREATE TABLE " + spark + " (id bigint, payload string) USING iceberg",
                "INSERT INTO " + spark + " SELECT id, concat('row-', id) FROM range(0, " + first + ")");
        long before = currentSnapshot(table);
        S3Client s3 = schema.bucket().client();
        String dataPrefix = schema.name() + "/";
        int filesBefore = dataFiles(s3, dataPrefix, table);
        // eight files, written two at a time: the kill falls between the first file landing and the commit
        SparkRun run = sparkSql.start("fault-spark-write", List.of("INSERT INTO " + spark + " SELECT /*+ REPARTITION(8) */ id,"
                + " concat('row-', id) FROM range(" + first + ", " + (first + written) + ")"));
        sparkSql.awaitStatementStarted(run, 0);
        Awaitility.await("a data file of the Spark INSERT on S3, the INSERT not yet finished").atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(50))
                .failFast("the INSERT ended before any of its files was seen", () -> run.state() == SparkRun.State.COMPLETED
                        || run.state() == SparkRun.State.FAILED)
                .until(() -> dataFiles(s3, dataPrefix, table) > filesBefore);

        int filesAtKill = dataFiles(s3, dataPrefix, table) - filesBefore;
        double seconds = target.killAndRecover(Server.RADOSGW);

        assertThat(filesAtKill).as("files of the INSERT on S3 when radosgw was killed: the kill cut the write").isLessThan(8);
        SparkRun.State outcome = run.awaitTermination(Duration.ofMinutes(4)).state();
        long snapshot = currentSnapshot(table);
        // read every row: a count from metadata would pass with files missing
        List<Object> content = trino.query("SELECT count(*), count(DISTINCT id), min(id), max(id), sum(id),"
                + " count_if(payload <> concat('row-', CAST(id AS varchar))) FROM " + schema.trino(table)).get(0);
        long rows = outcome == SparkRun.State.COMPLETED ? first + written : first;
        long last = rows - 1;
        assertThat(content).as("rows, distinct ids, min, max, sum of ids and wrong payloads after the Spark INSERT %s", outcome)
                .containsExactly(rows, rows, 0L, last, last * (last + 1) / 2, 0L);
        if (outcome == SparkRun.State.COMPLETED) {
            assertThat(snapshot).as("current snapshot after the INSERT committed").isNotEqualTo(before);
        } else {
            assertThat(snapshot).as("current snapshot after the INSERT failed: the one before it").isEqualTo(before);
        }
        Figures.record(Checkpoints.BACKUP_DR, "fault.radosgw-spark-write.recovery.seconds", seconds, "s", String.format(
                "radosgw SIGKILLed while a Spark INSERT (%d rows in 8 files) was writing, until S3 answered again; the INSERT %s"
                        + " and the table held %d rows, each read back (%s)", written, outcome == SparkRun.State.COMPLETED
                        ? "committed (S3A retried through the restart)" : "failed", rows,
                outcome == SparkRun.State.COMPLETED ? "a new snapshot" : "its previous snapshot"));
    }

    /** The newest snapshot of an append-only table: its current one. */
    private long currentSnapshot(String table) {
        return (Long) trino.scalar("SELECT snapshot_id FROM " + schema.catalog() + "." + schema.name() + ".\"" + table
                + "$snapshots\" ORDER BY committed_at DESC LIMIT 1");
    }

    /** Data files of {@code table} (Spark names its directory after the table) in the schema's bucket. */
    private int dataFiles(S3Client s3, String schemaPrefix, String table) {
        return (int) S3Clients.list(s3, schema.bucket().name(), schemaPrefix).stream()
                .filter(o -> o.key().startsWith(schemaPrefix + table + "/data/")).count();
    }

    @Test
    @Verifies(Criteria.RESTORE_TESTED)
    void theTrinoCoordinatorKilledDuringACtasLeavesNoHalfTable() throws Exception {
        String table = schema.trino("ctas_killed");
        TrinoSession writer = new TrinoSession(target.trino(), "fault-ctas");
        CompletableFuture<Void> ctas = CompletableFuture.runAsync(() ->
                writer.execute("CREATE TABLE " + table + " AS SELECT * FROM tpch.sf1.lineitem"));
        Awaitility.await("the CTAS running and writing (system.runtime.queries)").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200)).until(() -> !ctas.isDone() && (Long) trino.scalar(
                        "SELECT count(*) FROM system.runtime.queries WHERE source = 'fault-ctas' AND state = 'RUNNING'") > 0);

        double seconds = target.killAndRecover(Server.TRINO_COORDINATOR);

        Throwable failure = ctas.handle((ok, error) -> error).join();
        writer.close();
        assertThat(failure).as("the CTAS the coordinator was running when killed").isNotNull();
        try (TrinoSession after = new TrinoSession(target.trino())) {
            assertThat(after.column("SHOW TABLES FROM " + schema.catalog() + "." + schema.name()))
                    .as("tables after the killed CTAS: it never committed, so there is no table").doesNotContain("ctas_killed");
            assertThat(after.scalar("SELECT count(*) FROM tpch.tiny.region")).as("a query after the restart").isEqualTo(5L);
        }
        long leftover = S3Clients.list(schema.bucket().client(), schema.bucket().name(), schema.name() + "/ctas_killed").size();
        Figures.record(Checkpoints.BACKUP_DR, "fault.trino.recovery.seconds", seconds, "s", "Trino coordinator SIGKILLed during"
                + " a CTAS until it ran a table scan again; the CTAS failed and no table appeared (" + leftover + " files of it"
                + " left on S3, orphans for remove_orphan_files)");
    }

    // --- writers and readers around a kill

    /** Batches committed through Trino while {@code server} is killed; every committed batch whole, none in part. */
    private void commitsSurvive(Server server, String name) throws Exception {
        String table = schema.trino(name);
        trino.execute("CREATE TABLE " + table + " (batch integer, n integer)");
        double seconds;
        try (Writer writer = new Writer(table); Reader reader = new Reader(table)) {
            writer.awaitCommitted(3, BACK_WITHIN, "");
            // the kill must cut a commit, not fall between two
            Awaitility.await("an INSERT of the writer running (system.runtime.queries)").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(20)).until(() -> (Long) trino.scalar("SELECT count(*) FROM system.runtime.queries"
                            + " WHERE source = 'fault-writer' AND state IN ('PLANNING', 'STARTING', 'RUNNING', 'FINISHING')") > 0);
            seconds = target.killAndRecover(server);
            long answered = System.nanoTime();
            int before = writer.committed.size();
            int reads = reader.reads.get();
            // a kill between the metastore granting a commit's table lock and its answer leaves the lock to expire first
            Optional<Duration> lockLifetime = MetastoreSiteFile.ofThePlatform().abandonedLockLifetime();
            writer.awaitCommitted(before + 1, BACK_WITHIN.plus(lockLifetime.orElse(Duration.ZERO)), lockLifetime.isPresent() ? ""
                    : " (metastore-site.xml runs no ACID housekeeper, metastore.housekeeping.threads.on: a commit lock the kill"
                    + " abandoned never expires; see AbandonedTableLockTest)");
            double writerBack = (System.nanoTime() - answered) / 1e9;
            writer.awaitCommitted(before + 3, BACK_WITHIN, ""); // and goes on
            reader.awaitReadsAfter(reads);
            writer.close();
            reader.close();
            checkTheBatches(server, table, seconds, writerBack, writer, reader);
        }
    }

    private void checkTheBatches(Server server, String table, double seconds, double writerBack, Writer writer, Reader reader) {
        Map<Integer, Long> rows = new TreeMap<>();
        trino.query("SELECT batch, count(*) FROM " + table + " GROUP BY batch")
                .forEach(r -> rows.put(((Number) r.get(0)).intValue(), (Long) r.get(1)));
        assertThat(rows).as("rows of every batch the writer saw committed").containsAllEntriesOf(
                writer.committed.stream().collect(Collectors.toMap(b -> b, b -> (long) ROWS_PER_BATCH)));
        assertThat(rows.values()).as("rows per batch in the table: a batch is there whole or not at all").containsOnly((long) ROWS_PER_BATCH);
        Set<Integer> failedButThere = writer.failed.keySet().stream().filter(rows::containsKey).collect(Collectors.toSet());
        Figures.record(Checkpoints.BACKUP_DR, "fault." + server.name().toLowerCase().replace('_', '-') + ".recovery.seconds", seconds, "s",
                String.format("%s SIGKILLed during Trino INSERTs until it answered again; the writer committed again %.1f s later;"
                        + " %d batches committed, %d failed (%s), of which %d turned out committed (the commit landed, its answer did"
                        + " not); readers: %d errors (%s), then read again", server, writerBack, writer.committed.size(),
                        writer.failed.size(), firstOf(writer.failed.values()), failedButThere.size(), reader.errors.size(),
                        firstOf(reader.errors)));
    }

    private static String firstOf(java.util.Collection<String> messages) {
        if (messages.isEmpty()) {
            return "none";
        }
        return messages.stream().findFirst().map(m -> m.lines().skip(1).findFirst().orElse(m).strip()).orElseThrow();
    }

    private CompletedPart uploadPart(S3Client s3, String key, String uploadId, int number, RequestBody body) {
        String etag = s3.uploadPart(r -> r.bucket(schema.bucket().name()).key(key).uploadId(uploadId).partNumber(number),
                body).eTag();
        return CompletedPart.builder().partNumber(number).eTag(etag).build();
    }

    /**
     * Work on a session of its own, one attempt every 100 ms at most (a down server must not be hammered: its restart
     * shares the machine), each outcome kept; stopped and closed within a bound whatever happened.
     */
    private abstract class Loop implements AutoCloseable {
        private final java.util.concurrent.ScheduledExecutorService timer =
                java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "fault-" + getClass().getSimpleName()));
        private final TrinoSession session;
        final List<String> errors = new CopyOnWriteArrayList<>();
        private volatile Throwable broke;

        Loop(String source) {
            session = new TrinoSession(target.trino(), source);
        }

        /** Called last by each subclass's constructor: the first attempt must see the subclass's fields set. */
        final void start() {
            timer.scheduleWithFixedDelay(() -> {
                try {
                    attempt(session);
                } catch (IllegalStateException e) {
                    if (errors.size() < 1000) {
                        errors.add(e.getMessage()); // the fault: the next attempt tries again
                    }
                } catch (RuntimeException | Error e) {
                    broke = e;
                    throw e; // not the fault: stop, and say so below
                }
            }, 0, 100, java.util.concurrent.TimeUnit.MILLISECONDS);
        }

        abstract void attempt(TrinoSession session);

        /** Until {@code condition}, within the bound; the loop's own failure, if any, is the error. */
        void await(String what, Duration within, java.util.concurrent.Callable<Boolean> condition) {
            Awaitility.await(what).atMost(within).pollInterval(Duration.ofMillis(200)).until(() -> broke != null || condition.call());
            assertThat(broke).as("the %s's own failure", getClass().getSimpleName()).isNull();
        }

        @Override
        public void close() {
            timer.shutdown(); // no next attempt; the one running finishes (an interrupt would count as a failed batch)
            try {
                if (!timer.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS)) {
                    timer.shutdownNow();
                }
            } catch (InterruptedException e) {
                timer.shutdownNow();
                Thread.currentThread().interrupt();
            } finally {
                session.close();
            }
        }
    }

    /** INSERTs of numbered batches of 100 rows, one after the other. */
    private final class Writer extends Loop {
        final List<Integer> committed = new CopyOnWriteArrayList<>();
        final Map<Integer, String> failed = new ConcurrentHashMap<>();
        private final String table;
        private int batch;

        Writer(String table) {
            super("fault-writer");
            this.table = table;
            start();
        }

        @Override
        void attempt(TrinoSession session) {
            int current = ++batch;
            try {
                session.execute("INSERT INTO " + table + " SELECT " + current + ", n FROM UNNEST(sequence(1, " + ROWS_PER_BATCH + ")) AS t(n)");
                committed.add(current);
            } catch (IllegalStateException e) {
                failed.put(current, e.getMessage());
                throw e;
            }
        }

        void awaitCommitted(int batches, Duration within, String why) {
            await(batches + " batches committed by the writer" + why, within, () -> committed.size() >= batches);
        }
    }

    /** Reads of the whole table, over and over. */
    private final class Reader extends Loop {
        final java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        private final String table;

        Reader(String table) {
            super("fault-reader");
            this.table = table;
            start();
        }

        @Override
        void attempt(TrinoSession session) {
            session.query("SELECT count(*), checksum(n) FROM " + table);
            reads.incrementAndGet();
        }

        /** Two reads that began after the server came back (the first may have begun before). */
        void awaitReadsAfter(int readsBefore) {
            await("reads of the table after the server came back", BACK_WITHIN, () -> reads.get() >= readsBefore + 2);
        }
    }
}
