package dev.lakehouse.conformance.suite.crossengine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.conformance.junit.LakehouseTest;
import dev.lakehouse.conformance.junit.RequiresCapability;
import dev.lakehouse.conformance.junit.Verifies;
import dev.lakehouse.conformance.plan.Checkpoints;
import dev.lakehouse.conformance.plan.Criteria;
import dev.lakehouse.conformance.results.Figures;
import dev.lakehouse.conformance.suite.support.IcebergSchema;
import dev.lakehouse.conformance.suite.support.SparkSql;
import dev.lakehouse.conformance.suite.support.TrinoSession;
import dev.lakehouse.conformance.target.Capability;
import dev.lakehouse.conformance.target.SparkRun;
import dev.lakehouse.conformance.target.Target;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Checkpoint 2.3, concurrent commits on one table from both engines: Iceberg's optimistic
 * concurrency must serialise them, never lose an append and never bring back a deleted row
 * (apache/iceberg#11687, #13972). Trino's writes start only once Spark reports (in its driver log)
 * that its statement has begun, and go on until Spark's run has ended, so the commits really overlap.
 */
@LakehouseTest
@Tag(Checkpoints.ICEBERG_TABLES)
@Verifies(Criteria.TABLE_OPERATIONS)
@RequiresCapability({Capability.SPARK, Capability.TRINO_ICEBERG, Capability.S3})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConcurrentCommitsTest {
    private static final int TRINO_WRITERS = 4;
    private static final int MAX_INSERTS_PER_WRITER = 10;
    private static final long SPARK_ROWS = 2_000_000;
    /**
     * Iceberg retries a commit that lost the race 4 times by default; five writers hammering one
     * table exhaust that (Trino then fails the INSERT with "Metadata location ... is not same as
     * table metadata location"), so the table raises it the way a table with concurrent writers
     * should be configured.
     */
    private static final int COMMIT_RETRIES = 20;
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
            .withZone(ZoneOffset.UTC);

    private final Target target;
    private final SparkSql spark;
    private IcebergSchema schema;
    private TrinoSession trino;

    ConcurrentCommitsTest(Target target) {
        this.target = target;
        this.spark = new SparkSql(target);
    }

    @BeforeAll
    void createSchema() {
        schema = IcebergSchema.create(target, "concurrent");
        trino = schema.session();
    }

    @AfterAll
    void dropSchema() {
        if (schema != null) {
            schema.close();
        }
    }

    @Test
    void concurrentTrinoInsertsAndASparkAppendAllLandAsOneSnapshotEach() {
        String table = schema.trino("appends");
        trino.execute("CREATE TABLE " + table + " (writer varchar, n bigint) WITH (format_version = 2)");

        // changing table properties commits new metadata but no snapshot
        long snapshotsBefore = (Long) trino.scalar("SELECT count(*) FROM " + schema.trino("\"appends$snapshots\""));
        SparkRun sparkAppend = spark.start("concurrent-append", List.of(
                "ALTER TABLE " + schema.spark("appends") + " SET TBLPROPERTIES ('commit.retry.num-retries' = '"
                        + COMMIT_RETRIES + "')",
                "INSERT INTO " + schema.spark("appends") + " SELECT 'spark', id FROM range(0, " + SPARK_ROWS + ")"));
        Instant sparkStatementStarted = spark.awaitStatementStarted(sparkAppend, 1);
        AtomicInteger trinoInserts = new AtomicInteger();
        List<CompletableFuture<Void>> writers = new ArrayList<>();
        for (int w = 0; w < TRINO_WRITERS; w++) {
            String writer = "trino-" + w;
            writers.add(CompletableFuture.runAsync(() -> {
                try (TrinoSession session = new TrinoSession(target.trino())) {
                    for (int i = 0; i < MAX_INSERTS_PER_WRITER && !ended(sparkAppend); i++) {
                        session.execute("INSERT INTO " + table + " SELECT '" + writer + "', n FROM UNNEST(sequence(1, 500)) AS t(n)");
                        trinoInserts.incrementAndGet();
                    }
                }
            }));
        }
        CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new)).join();
        sparkAppend.awaitTermination(Duration.ofMinutes(4));

        assertThat(sparkAppend.state()).as("Spark append; reason: %s",
                sparkAppend.lastAttempt().failureReason().orElse("-")).isEqualTo(SparkRun.State.COMPLETED);
        int inserts = trinoInserts.get();
        long snapshotsAfter = (Long) trino.scalar("SELECT count(*) FROM " + schema.trino("\"appends$snapshots\""));
        assertThat(snapshotsAfter - snapshotsBefore).as("new snapshots: one per Trino INSERT (%d) plus the Spark append", inserts)
                .isEqualTo(inserts + 1);
        assertThat(trino.query("SELECT count_if(writer = 'spark'), count_if(writer <> 'spark') FROM " + table).get(0))
                .as("rows from Spark and from the %d Trino INSERTs of 500: none lost", inserts)
                .containsExactly(SPARK_ROWS, 500L * inserts);
        Object sparkCommit = trino.scalar("SELECT committed_at FROM " + schema.trino("\"appends$snapshots\"")
                + " WHERE element_at(summary, 'spark.app.id') IS NOT NULL");
        assertThat(trino.scalar("SELECT count(*) FROM " + schema.trino("\"appends$snapshots\"")
                + " WHERE element_at(summary, 'spark.app.id') IS NULL AND committed_at > TIMESTAMP '" + UTC.format(sparkStatementStarted)
                + " UTC' AND committed_at < (SELECT committed_at FROM " + schema.trino("\"appends$snapshots\"")
                + " WHERE element_at(summary, 'spark.app.id') IS NOT NULL)"))
                .as("Trino commits between Spark's statement start and Spark's own commit at %s (the overlap)", sparkCommit)
                .isNotEqualTo(0L);
    }

    @Test
    void compactionRacingDeletesNeverResurrectsDeletedRows() {
        String table = schema.trino("racing");
        trino.execute("CREATE TABLE " + table + " (id bigint, payload varchar) WITH (format_version = 2)");
        for (int i = 0; i < 10; i++) {
            trino.execute("INSERT INTO " + table + " SELECT " + (i * 10_000) + " + n, 'payload ' || CAST(n AS varchar)"
                    + " FROM UNNEST(sequence(0, 9999)) AS t(n)");
        }
        SparkRun compaction = spark.start("racing-compaction", List.of("CALL " + SparkSql.icebergCatalog()
                + ".system.rewrite_data_files(table => '" + schema.spark("racing") + "', options => map('min-input-files', '2'))"));
        spark.awaitStatementStarted(compaction, 0);
        // DELETE batches (id % 10 = k, at most five) from the moment the compaction starts until it ends,
        // so deletes commit while it plans, rewrites and commits; half the rows stay to be checked
        AtomicInteger batches = new AtomicInteger();
        Awaitility.await("Spark compaction to finish while Trino deletes id % 10 = 0, 1, ... 4")
                .atMost(Duration.ofMinutes(4)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(400))
                .until(() -> {
                    if (batches.get() < 5 && !ended(compaction)) {
                        trino.execute("DELETE FROM " + table + " WHERE id % 10 = " + batches.get());
                        batches.incrementAndGet();
                    }
                    return ended(compaction);
                });
        int deleted = batches.get();

        assertThat(deleted).as("DELETE batches committed while the compaction ran").isPositive();
        assertThat(trino.scalar("SELECT count(*) FROM " + table + " WHERE id % 10 < " + deleted))
                .as("rows of the %d deleted batches visible after the race (must stay deleted)", deleted).isEqualTo(0L);
        assertThat(trino.scalar("SELECT count(*) FROM " + table)).as("rows left: 100000 minus %d batches of 10000", deleted)
                .isEqualTo(100_000L - 10_000L * deleted);
        assertThat(trino.scalar("SELECT sum(id) FROM " + table)).as("sum of the ids left (none lost, none duplicated)")
                .isEqualTo(LongStream.range(0, 100_000).filter(id -> id % 10 >= deleted).sum());
        SparkRun.Attempt attempt = compaction.lastAttempt();
        if (!attempt.succeeded()) {
            // a lost race must be Iceberg's clean conflict detection, not any other error
            assertThat(attempt.failureReason()).as("why the compaction failed")
                    .hasValueSatisfying(reason -> assertThat(reason).as("failure reason")
                            .containsAnyOf("ValidationException", "CommitFailedException"));
        }
        Figures.record(Checkpoints.ICEBERG_TABLES, "crossengine.compaction-vs-delete.failed-attempts", attempt.succeeded() ? 0 : 1, "attempts",
                deleted + " DELETE batches raced a Spark rewrite_data_files that "
                        + (attempt.succeeded() ? "committed" : "failed: " + attempt.failureReason().orElse("?")));
    }

    private static boolean ended(SparkRun run) {
        return run.state() == SparkRun.State.COMPLETED || run.state() == SparkRun.State.FAILED;
    }
}
