package dev.lakehouse.conformance.suite.crossengine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.conformance.junit.LakehouseTest;
import dev.lakehouse.conformance.junit.RequiresCapability;
import dev.lakehouse.conformance.results.Figures;
import dev.lakehouse.conformance.suite.support.IcebergSchema;
import dev.lakehouse.conformance.suite.support.SparkSql;
import dev.lakehouse.conformance.suite.support.TrinoSession;
import dev.lakehouse.conformance.target.Capability;
import dev.lakehouse.conformance.target.SparkRun;
import dev.lakehouse.conformance.target.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Checkpoint 2.3, concurrent commits on one table from both engines: Iceberg's optimistic
 * concurrency must serialise them, never lose an append and never bring back a deleted row
 * (apache/iceberg#11687, #13972).
 */
@LakehouseTest
@Tag("2.3")
@RequiresCapability({Capability.SPARK, Capability.TRINO_ICEBERG, Capability.S3})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConcurrentCommitsTest {
    private static final int TRINO_WRITERS = 4;
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
        long snapshotsBefore = (Long) trino.scalar("SELECT count(*) FROM " + schema.trino("\"appends$snapshots\""));

        SparkRun sparkAppend = spark.submit("concurrent-append", List.of("INSERT INTO " + schema.spark("appends")
                + " SELECT 'spark', id FROM range(0, 1000)"));
        awaitDriverRunning(sparkAppend);
        List<CompletableFuture<Void>> writers = new ArrayList<>();
        for (int w = 0; w < TRINO_WRITERS; w++) {
            String writer = "trino-" + w;
            writers.add(CompletableFuture.runAsync(() -> {
                try (TrinoSession session = new TrinoSession(target.trino())) {
                    session.execute("INSERT INTO " + table + " SELECT '" + writer + "', n FROM UNNEST(sequence(1, 500)) AS t(n)");
                }
            }));
        }
        CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new)).join();
        sparkAppend.awaitTermination(Duration.ofMinutes(4));

        assertThat(sparkAppend.state()).as("Spark append; reason: %s",
                sparkAppend.lastAttempt().failureReason().orElse("-")).isEqualTo(SparkRun.State.COMPLETED);
        long snapshotsAfter = (Long) trino.scalar("SELECT count(*) FROM " + schema.trino("\"appends$snapshots\""));
        assertThat(snapshotsAfter - snapshotsBefore).as("new snapshots: one per Trino INSERT plus the Spark append")
                .isEqualTo(TRINO_WRITERS + 1);
        assertThat(trino.query("SELECT writer, count(*) FROM " + table + " GROUP BY writer ORDER BY writer"))
                .as("rows per writer: none lost")
                .containsExactly(List.of("spark", 1000L), List.of("trino-0", 500L), List.of("trino-1", 500L),
                        List.of("trino-2", 500L), List.of("trino-3", 500L));
    }

    @Test
    void compactionRacingDeletesNeverResurrectsDeletedRows() {
        String table = schema.trino("racing");
        trino.execute("CREATE TABLE " + table + " (id bigint, payload varchar) WITH (format_version = 2)");
        for (int i = 0; i < 6; i++) {
            trino.execute("INSERT INTO " + table + " SELECT " + (i * 1000) + " + n, 'p' FROM UNNEST(sequence(0, 999)) AS t(n)");
        }
        SparkRun compaction = spark.submit("racing-compaction", List.of("CALL iceberg.system.rewrite_data_files(table => '"
                + schema.spark("racing") + "', options => map('min-input-files', '2'))"));
        awaitDriverRunning(compaction);
        // one DELETE batch (id % 10 = k, at most five) per poll while the compaction runs, so deletes
        // commit before, during and after its planning and commit; half the rows stay to be checked
        AtomicInteger batches = new AtomicInteger();
        Awaitility.await("Spark compaction to finish while Trino deletes id % 10 = 0, 1, ... 4")
                .atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(700))
                .until(() -> {
                    int k = batches.get();
                    if (k < 5 && compaction.state() != SparkRun.State.COMPLETED && compaction.state() != SparkRun.State.FAILED) {
                        trino.execute("DELETE FROM " + table + " WHERE id % 10 = " + k);
                        batches.incrementAndGet();
                    }
                    return compaction.state() == SparkRun.State.COMPLETED || compaction.state() == SparkRun.State.FAILED;
                });
        int deleted = batches.get();

        assertThat(deleted).as("DELETE batches committed while the compaction ran").isPositive();
        assertThat(trino.scalar("SELECT count(*) FROM " + table + " WHERE id % 10 < " + deleted))
                .as("rows of the %d deleted batches visible after the race (must stay deleted)", deleted).isEqualTo(0L);
        assertThat(trino.scalar("SELECT count(*) FROM " + table)).as("rows left: 6000 minus %d batches of 600", deleted)
                .isEqualTo(6000L - 600L * deleted);
        assertThat(trino.scalar("SELECT sum(id) FROM " + table)).as("sum of the ids left (none lost, none duplicated)")
                .isEqualTo(trino.scalar("SELECT sum(n) FROM UNNEST(sequence(0, 5999)) AS t(n) WHERE n % 10 >= " + deleted));
        List<SparkRun.Attempt> attempts = compaction.attempts();
        for (SparkRun.Attempt attempt : attempts) {
            if (!attempt.succeeded()) {
                // a lost race must be a clean validation/commit failure, not any other error
                assertThat(attempt.failureReason()).as("why compaction attempt %d failed", attempt.number())
                        .hasValueSatisfying(reason -> assertThat(reason)
                                .containsAnyOf("ValidationException", "CommitFailedException", "Cannot commit",
                                        "conflicting", "Found new conflicting"));
            }
        }
        Figures.record("2.3", "crossengine.compaction-vs-delete.failed-attempts",
                attempts.stream().filter(a -> !a.succeeded()).count(), "attempts",
                deleted + " DELETE batches raced a Spark rewrite_data_files; final state " + compaction.state());
    }

    private static void awaitDriverRunning(SparkRun run) {
        Awaitility.await("Spark driver of " + run.name() + " to be running")
                .atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(100))
                .until(() -> run.state() != SparkRun.State.SUBMITTED);
    }
}
