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
import dev.lakehouse.conformance.target.Target;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Checkpoint 1.3: tables created and changed through Spark SQL behave as Iceberg promises, and
 * Trino (the other engine on the same metastore) sees every change the same way.
 */
@LakehouseTest
@Tag(Checkpoints.ICEBERG_TABLES)
@RequiresCapability({Capability.SPARK, Capability.TRINO_ICEBERG, Capability.S3})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IcebergTableOperationsTest {
    private final Target target;
    private final SparkSql spark;
    private IcebergSchema schema;
    private TrinoSession trino;

    IcebergTableOperationsTest(Target target) {
        this.target = target;
        this.spark = new SparkSql(target);
    }

    @BeforeAll
    void createSchema() {
        schema = IcebergSchema.create(target, "ops");
        trino = schema.session();
    }

    @AfterAll
    void dropSchema() {
        if (schema != null) {
            schema.close();
        }
    }

    @Test
    @Verifies(Criteria.TABLE_OPERATIONS)
    void sparkCreatesPartitionedAndUnpartitionedFormatV2Tables() {
        spark.run("create",
                "CREATE TABLE " + schema.spark("plain") + " (id BIGINT, name STRING) USING iceberg"
                        + " TBLPROPERTIES ('format-version'='2')",
                "CREATE TABLE " + schema.spark("parted") + " (id BIGINT, category STRING, ts TIMESTAMP_NTZ) USING iceberg"
                        + " PARTITIONED BY (category, days(ts)) TBLPROPERTIES ('format-version'='2')",
                "INSERT INTO " + schema.spark("plain") + " VALUES (1, 'one'), (2, 'two')",
                "INSERT INTO " + schema.spark("parted") + " VALUES (1, 'a', TIMESTAMP_NTZ '2024-01-01 10:00:00'),"
                        + " (2, 'b', TIMESTAMP_NTZ '2024-01-02 10:00:00'), (3, 'a', TIMESTAMP_NTZ '2024-01-02 11:00:00')");

        for (String table : List.of("plain", "parted")) {
            assertThat(trino.scalar("SELECT value FROM " + schema.trino("\"" + table + "$properties\"")
                    + " WHERE key = 'format-version'")).as("format-version of %s as Trino reads it", table).isEqualTo("2");
        }
        assertThat(trino.query("SELECT id, name FROM " + schema.trino("plain") + " ORDER BY id"))
                .as("rows of the unpartitioned table, read by Trino")
                .containsExactly(List.of(1L, "one"), List.of(2L, "two"));
        assertThat(trino.scalar("SELECT count(*) FROM " + schema.trino("\"parted$partitions\"")))
                .as("partitions (category, day) of the partitioned table").isEqualTo(3L);
        assertThat(trino.scalar("SELECT count(*) FROM " + schema.trino("parted") + " WHERE category = 'a'"))
                .as("rows in category a").isEqualTo(2L);
    }

    @Test
    @Verifies(Criteria.TABLE_OPERATIONS)
    void sparkInsertUpdateDeleteAndMergeGiveTheExpectedRows() {
        String table = schema.spark("accounts");
        SparkSql.Results results = spark.run("dml",
                "CREATE TABLE " + table + " (id INT, owner STRING, balance DECIMAL(10,2)) USING iceberg"
                        + " TBLPROPERTIES ('format-version'='2', 'write.delete.mode'='merge-on-read',"
                        + " 'write.update.mode'='merge-on-read', 'write.merge.mode'='merge-on-read')",
                "INSERT INTO " + table + " VALUES (1, 'ann', 100.00), (2, 'bob', 200.00), (3, 'cy', 300.00), (4, 'dee', 400.00)",
                "UPDATE " + table + " SET balance = balance + 50 WHERE id = 2",
                "DELETE FROM " + table + " WHERE id = 3",
                "MERGE INTO " + table + " t USING (SELECT * FROM VALUES (1, 'ann', 111.00), (5, 'eve', 500.00)"
                        + " AS src(id, owner, balance)) s ON t.id = s.id"
                        + " WHEN MATCHED THEN UPDATE SET t.balance = s.balance WHEN NOT MATCHED THEN INSERT *",
                "SELECT id, owner, CAST(balance AS STRING) FROM " + table + " ORDER BY id");

        List<List<Object>> expected = List.of(List.of(1L, "ann", "111.00"), List.of(2L, "bob", "250.00"),
                List.of(4L, "dee", "400.00"), List.of(5L, "eve", "500.00"));
        assertThat(results.rows(5)).as("rows after insert, update, delete and merge, read by Spark").isEqualTo(expected);
        assertThat(trino.query("SELECT CAST(id AS bigint), owner, CAST(balance AS varchar) FROM "
                + schema.trino("accounts") + " ORDER BY id"))
                .as("the same table read by Trino").isEqualTo(expected);
        assertThat(trino.column("SELECT operation FROM " + schema.trino("\"accounts$snapshots\"") + " ORDER BY committed_at"))
                .as("one snapshot per write (insert, update, delete, merge), the first an append")
                .hasSize(4).first().isEqualTo("append");
        assertThat(trino.scalar("SELECT count(*) FROM " + schema.trino("\"accounts$files\"") + " WHERE content = 1"))
                .as("position delete files written by merge-on-read").isNotEqualTo(0L);
    }

    @Test
    @Verifies(Criteria.SCHEMA_PARTITION_EVOLUTION)
    void schemaEvolutionStepsAreReadTheSameByBothEnginesAndOldSnapshotsKeepTheirSchema() {
        String table = schema.spark("evolving");
        List<String> statements = new ArrayList<>(List.of(
                "CREATE TABLE " + table + " (id INT, price FLOAT, amount DECIMAL(9,2), name STRING, note STRING,"
                        + " info STRUCT<a: INT>) USING iceberg TBLPROPERTIES ('format-version'='2')",
                "INSERT INTO " + table + " VALUES (1, 1.5, 10.25, 'one', 'n1', named_struct('a', 1))"));
        // each step: the change, a row written under the new schema (one snapshot per step), Spark's read-back
        String[][] steps = {
                {"add column", "ALTER TABLE " + table + " ADD COLUMN added STRING",
                        "(2, 2.5, 20.50, 'two', 'n2', named_struct('a', 2), 'x')"},
                {"drop column", "ALTER TABLE " + table + " DROP COLUMN note",
                        "(3, 3.5, 30.75, 'three', named_struct('a', 3), 'y')"},
                {"rename column", "ALTER TABLE " + table + " RENAME COLUMN name TO full_name",
                        "(4, 4.5, 40.00, 'four', named_struct('a', 4), 'z')"},
                {"reorder", "ALTER TABLE " + table + " ALTER COLUMN added FIRST",
                        "('w', 5, 5.5, 50.00, 'five', named_struct('a', 5))"},
                {"widen int to bigint", "ALTER TABLE " + table + " ALTER COLUMN id TYPE BIGINT",
                        "('v', 6000000000, 6.5, 60.00, 'six', named_struct('a', 6))"},
                {"widen float to double", "ALTER TABLE " + table + " ALTER COLUMN price TYPE DOUBLE",
                        "('u', 7, 7.123456789012, 70.00, 'seven', named_struct('a', 7))"},
                {"widen decimal precision", "ALTER TABLE " + table + " ALTER COLUMN amount TYPE DECIMAL(12,2)",
                        "('t', 8, 8.5, 1234567890.12, 'eight', named_struct('a', 8))"},
                {"add nested field", "ALTER TABLE " + table + " ADD COLUMN info.b STRING",
                        "('s', 9, 9.5, 90.00, 'nine', named_struct('a', 9, 'b', 'nested'))"}};
        List<Integer> readBacks = new ArrayList<>();
        statements.add("SELECT * FROM " + table + " ORDER BY id");
        readBacks.add(statements.size() - 1);
        for (String[] step : steps) {
            statements.add(step[1]);
            statements.add("INSERT INTO " + table + " VALUES " + step[2]);
            statements.add("SELECT * FROM " + table + " ORDER BY id");
            readBacks.add(statements.size() - 1);
        }
        SparkSql.Results results = spark.run("schema-evolution", statements.toArray(String[]::new));

        List<Object> snapshots = trino.column("SELECT snapshot_id FROM " + schema.trino("\"evolving$snapshots\"")
                + " ORDER BY committed_at");
        assertThat(snapshots).as("one snapshot per insert").hasSize(steps.length + 1);
        for (int i = 0; i < snapshots.size(); i++) {
            String step = i == 0 ? "initial schema" : steps[i - 1][0];
            List<String> sparkColumns = results.columns(readBacks.get(i));
            String asOf = "SELECT * FROM " + schema.trino("evolving") + " FOR VERSION AS OF " + snapshots.get(i) + " ORDER BY id";
            assertThat(trino.columnNames(asOf)).as("columns after step '%s': Trino (as of that snapshot) vs Spark", step)
                    .isEqualTo(sparkColumns);
            assertThat(trino.query(asOf)).as("rows after step '%s' as of its snapshot, read by Trino", step)
                    .hasSize(results.rows(readBacks.get(i)).size());
        }
        assertThat(results.columns(readBacks.get(steps.length)))
                .as("final column order in Spark (added moved first, note dropped, name renamed)")
                .containsExactly("added", "id", "price", "amount", "full_name", "info");
        assertThat(trino.column("SELECT data_type FROM " + schema.catalog() + ".information_schema.columns"
                + " WHERE table_schema = '" + schema.name() + "' AND table_name = 'evolving' ORDER BY ordinal_position"))
                .as("current column types in Trino after the widenings and the nested add")
                .containsExactly("varchar", "bigint", "double", "decimal(12,2)", "varchar", "row(a integer, b varchar)");
        // trinodb/trino#14064: time travel must use the schema as of the snapshot, so the dropped column is back
        assertThat(trino.query("SELECT note FROM " + schema.trino("evolving") + " FOR VERSION AS OF " + snapshots.get(1)
                + " ORDER BY id")).as("dropped column 'note' read as of the snapshot before the drop")
                .containsExactly(List.of("n1"), List.of("n2"));
        assertThat(trino.scalar("SELECT sum(amount) FROM " + schema.trino("evolving")))
                .as("sum over the widened decimal column, old and new files")
                .hasToString("1234568261.62"); // 10.25 + 20.50 + 30.75 + 40 + 50 + 60 + 70 + 1234567890.12 + 90
    }

    @Test
    @Verifies(Criteria.SCHEMA_PARTITION_EVOLUTION)
    void partitionEvolutionKeepsOldAndNewDataReadableAndPrunable() {
        String table = schema.spark("events");
        spark.run("partition-evolution",
                "CREATE TABLE " + table + " (id BIGINT, ts TIMESTAMP_NTZ, kind STRING) USING iceberg"
                        + " PARTITIONED BY (days(ts)) TBLPROPERTIES ('format-version'='2')",
                "INSERT INTO " + table + " VALUES (1, TIMESTAMP_NTZ '2024-01-01 01:00:00', 'a'),"
                        + " (2, TIMESTAMP_NTZ '2024-01-02 01:00:00', 'b')",
                "ALTER TABLE " + table + " ADD PARTITION FIELD kind",
                "INSERT INTO " + table + " VALUES (3, TIMESTAMP_NTZ '2024-01-03 01:00:00', 'a'),"
                        + " (4, TIMESTAMP_NTZ '2024-01-03 02:00:00', 'b'), (5, TIMESTAMP_NTZ '2024-02-01 00:00:00', 'a')");

        String trinoTable = schema.trino("events");
        assertThat(trino.column("SELECT id FROM " + trinoTable + " ORDER BY id")).as("rows written under both specs")
                .containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(trino.scalar("SELECT count(DISTINCT spec_id) FROM " + schema.trino("\"events$files\"")))
                .as("partition specs the data files were written with").isEqualTo(2L);
        assertThat(trino.processedRows("SELECT id FROM " + trinoTable + " WHERE kind = 'b' AND ts >= TIMESTAMP '2024-01-03 00:00:00'"))
                .as("rows scanned for one (day, kind) partition of the new spec: only that file's").isEqualTo(1L);
        assertThat(trino.processedRows("SELECT id FROM " + trinoTable + " WHERE ts < TIMESTAMP '2024-01-02 00:00:00'"))
                .as("rows scanned for one day of the old spec").isEqualTo(1L);
    }
}
