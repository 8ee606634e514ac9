package dev.lakehouse.conformance.suite.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.conformance.junit.LakehouseTest;
import dev.lakehouse.conformance.junit.RequiresCapability;
import dev.lakehouse.conformance.junit.Verifies;
import dev.lakehouse.conformance.plan.Checkpoints;
import dev.lakehouse.conformance.plan.Criteria;
import dev.lakehouse.conformance.suite.support.IcebergSchema;
import dev.lakehouse.conformance.suite.support.SparkSql;
import dev.lakehouse.conformance.suite.support.TrinoSession;
import dev.lakehouse.conformance.target.Capability;
import dev.lakehouse.conformance.target.SparkRun;
import dev.lakehouse.conformance.target.Target;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Checkpoint 1.3, time travel: a table with two snapshots, read as of each by snapshot id,
 * timestamp, tag and branch in Spark and in Trino; rollback; an unknown snapshot id is an error.
 * Spark's reads run as one application (its results are asserted test by test), so the table is
 * set up once for the class.
 */
@LakehouseTest
@Tag(Checkpoints.ICEBERG_TABLES)
@Verifies(Criteria.TIME_TRAVEL_MAINTENANCE)
@RequiresCapability({Capability.SPARK, Capability.TRINO_ICEBERG, Capability.S3})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IcebergTimeTravelTest {
    private static final DateTimeFormatter SQL_TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
            .withZone(ZoneOffset.UTC);
    private static final long MISSING_SNAPSHOT = 4242424242L;

    private final Target target;
    private IcebergSchema schema;
    private TrinoSession trino;
    private long first;
    private long second;
    private String betweenSnapshots;
    private SparkRun.Attempt sparkReads;

    IcebergTimeTravelTest(Target target) {
        this.target = target;
    }

    @BeforeAll
    void writeTwoSnapshotsAndReadThemBackInSpark() {
        schema = IcebergSchema.create(target, "timetravel");
        trino = schema.session();
        SparkSql spark = new SparkSql(target);
        String table = schema.spark("history");
        spark.run("timetravel-setup",
                "CREATE TABLE " + table + " (id INT, v STRING) USING iceberg TBLPROPERTIES ('format-version'='2')",
                "INSERT INTO " + table + " VALUES (1, 'first')",
                "INSERT INTO " + table + " VALUES (2, 'second')");
        List<List<Object>> snapshots = trino.query("SELECT snapshot_id, to_unixtime(committed_at) FROM "
                + schema.trino("\"history$snapshots\"") + " ORDER BY committed_at");
        assertThat(snapshots).as("snapshots after two inserts").hasSize(2);
        first = (Long) snapshots.get(0).get(0);
        second = (Long) snapshots.get(1).get(0);
        long firstMillis = Math.round((Double) snapshots.get(0).get(1) * 1000);
        long secondMillis = Math.round((Double) snapshots.get(1).get(1) * 1000);
        betweenSnapshots = SQL_TIMESTAMP.format(Instant.ofEpochMilli((firstMillis + secondMillis) / 2));
        String procedures = SparkSql.icebergCatalog() + ".system.";
        // statement indexes are used by the tests below
        sparkReads = spark.runExpectingFailure("timetravel-reads",
                "SELECT id FROM " + table + " VERSION AS OF " + first + " ORDER BY id",                    // 0
                "SELECT id FROM " + table + " TIMESTAMP AS OF '" + betweenSnapshots + "' ORDER BY id",      // 1
                "ALTER TABLE " + table + " CREATE TAG first_load AS OF VERSION " + first,                  // 2
                "SELECT id FROM " + table + " VERSION AS OF 'first_load' ORDER BY id",                     // 3
                "ALTER TABLE " + table + " CREATE BRANCH audit",                                           // 4
                "INSERT INTO " + table + ".branch_audit VALUES (3, 'audit only')",                         // 5
                "SELECT id FROM " + table + ".branch_audit ORDER BY id",                                   // 6
                "SELECT id FROM " + table + " ORDER BY id",                                                // 7
                "CALL " + procedures + "rollback_to_snapshot('" + table + "', " + first + ")",             // 8
                "SELECT id FROM " + table + " ORDER BY id",                                                // 9
                "SELECT id FROM " + table + " VERSION AS OF " + MISSING_SNAPSHOT);                         // 10: fails
    }

    @AfterAll
    void dropSchema() {
        if (schema != null) {
            schema.close();
        }
    }

    private List<Object> sparkIds(int statement) {
        assertThat(sparkReads.results()).as("result lines of the Spark time-travel application").hasSizeGreaterThan(statement);
        return new SparkSql.Results(sparkReads.results()).rows(statement).stream().map(row -> row.get(0)).toList();
    }

    private List<Object> trinoIds(String asOf) {
        return trino.column("SELECT id FROM " + schema.trino("history") + " " + asOf + " ORDER BY id");
    }

    @Test
    void versionAsOfASnapshotIdReturnsThatSnapshotsRows() {
        assertThat(sparkIds(0)).as("Spark VERSION AS OF the first snapshot").containsExactly(1L);
        assertThat(trinoIds("FOR VERSION AS OF " + first)).as("Trino FOR VERSION AS OF the first snapshot").containsExactly(1);
        assertThat(trinoIds("FOR VERSION AS OF " + second)).as("Trino FOR VERSION AS OF the second snapshot")
                .containsExactly(1, 2);
    }

    @Test
    void timestampAsOfReturnsTheSnapshotCurrentAtThatTime() {
        assertThat(sparkIds(1)).as("Spark TIMESTAMP AS OF %s (between the snapshots)", betweenSnapshots).containsExactly(1L);
        assertThat(trinoIds("FOR TIMESTAMP AS OF TIMESTAMP '" + betweenSnapshots + " UTC'"))
                .as("Trino FOR TIMESTAMP AS OF %s UTC", betweenSnapshots).containsExactly(1);
    }

    @Test
    void aTagNamesASnapshotForBothEngines() {
        assertThat(sparkIds(3)).as("Spark VERSION AS OF tag first_load").containsExactly(1L);
        assertThat(trinoIds("FOR VERSION AS OF 'first_load'")).as("Trino FOR VERSION AS OF tag first_load").containsExactly(1);
    }

    @Test
    void writesToABranchStayOffTheMainBranch() {
        assertThat(sparkIds(6)).as("Spark reading branch audit after its own insert").containsExactly(1L, 2L, 3L);
        assertThat(sparkIds(7)).as("Spark reading main after the branch insert").containsExactly(1L, 2L);
        assertThat(trinoIds("FOR VERSION AS OF 'audit'")).as("Trino reading branch audit").containsExactly(1, 2, 3);
    }

    @Test
    void rollbackToASnapshotMakesItCurrent() {
        assertThat(sparkIds(9)).as("Spark reading main after rollback to the first snapshot").containsExactly(1L);
        assertThat(trinoIds("")).as("Trino reading main after the rollback").containsExactly(1);
        assertThat(trino.scalar("SELECT snapshot_id FROM " + schema.trino("\"history$refs\"") + " WHERE name = 'main'"))
                .as("snapshot the main branch points at").isEqualTo(first);
    }

    @Test
    void anUnknownSnapshotIdIsAnErrorInBothEnginesNeverTheLatestData() {
        assertThat(sparkReads.results()).as("Spark returned no rows for the unknown snapshot: only statements 0-9 have results")
                .hasSize(10);
        assertThat(sparkReads.failureReason()).as("Spark's failure reason for VERSION AS OF %d", MISSING_SNAPSHOT)
                .hasValueSatisfying(reason -> assertThat(reason).as("Spark's reason").containsIgnoringCase("snapshot"));
        assertThat(trino.errorOf("SELECT id FROM " + schema.trino("history") + " FOR VERSION AS OF " + MISSING_SNAPSHOT))
                .as("Trino's error for FOR VERSION AS OF %d", MISSING_SNAPSHOT).containsIgnoringCase("snapshot");
    }
}
