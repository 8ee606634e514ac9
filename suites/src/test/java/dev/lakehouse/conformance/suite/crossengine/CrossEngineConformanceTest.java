package dev.lakehouse.conformance.suite.crossengine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.conformance.datasets.EdgeCaseDataset;
import dev.lakehouse.conformance.datasets.TpchTable;
import dev.lakehouse.conformance.junit.LakehouseTest;
import dev.lakehouse.conformance.junit.RequiresCapability;
import dev.lakehouse.conformance.junit.Verifies;
import dev.lakehouse.conformance.plan.Checkpoints;
import dev.lakehouse.conformance.plan.Criteria;
import dev.lakehouse.conformance.suite.support.IcebergSchema;
import dev.lakehouse.conformance.suite.support.SharedTpch;
import dev.lakehouse.conformance.suite.support.SparkSql;
import dev.lakehouse.conformance.suite.support.TrinoSession;
import dev.lakehouse.conformance.target.Capability;
import dev.lakehouse.conformance.target.Target;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Checkpoint 2.3: Spark and Trino read each other's Iceberg tables row for row. The edge-case
 * table is written once by each engine from the same rows; each engine then compares the two
 * tables itself (Spark: EXCEPT ALL over a JSON rendering of each row, which also covers maps;
 * Trino: per-column checksums). TPC-H tables loaded by Trino are copied by Spark and compared with
 * EXCEPT ALL in both engines. All Spark work of the class runs as one application.
 */
@LakehouseTest
@Tag(Checkpoints.SPARK_JOBS)
@Verifies(Criteria.SPARK_ICEBERG_INTEGRATION)
@RequiresCapability({Capability.SPARK, Capability.TRINO_ICEBERG, Capability.S3})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrossEngineConformanceTest {
    @RegisterExtension
    static final SharedTpch TPCH = new SharedTpch();

    private final Target target;
    private final Map<String, Integer> statementIndex = new LinkedHashMap<>();
    /** Per TPC-H table, aggregates over every column that both dialects spell the same way. */
    private final Map<TpchTable, String> profiles = new LinkedHashMap<>();
    private IcebergSchema schema;
    private TrinoSession trino;
    private SparkSql.Results spark;

    CrossEngineConformanceTest(Target target) {
        this.target = target;
    }

    @BeforeAll
    void writeTheDataWithBothEnginesAndCompareInSpark() {
        schema = IcebergSchema.create(target, "xengine");
        trino = schema.session();
        EdgeCaseDataset.trinoStatements(schema.trino("edge_trino")).forEach(trino::execute);
        // merge-on-read delete: Trino writes position delete files that Spark must apply
        trino.execute("CREATE TABLE " + schema.trino("orders_deleted") + " WITH (format_version = 2) AS SELECT * FROM "
                + tpch("orders"));
        trino.execute("DELETE FROM " + schema.trino("orders_deleted") + " WHERE orderkey % 7 = 0");

        List<String> statements = new ArrayList<>(EdgeCaseDataset.sparkStatements(schema.spark("edge_spark")));
        String fromSpark = schema.spark("edge_spark");
        String fromTrino = schema.spark("edge_trino");
        // to_json prints milliseconds by default: ask for microseconds so the comparison sees them
        String row = "to_json(struct(*), map('timestampFormat', 'yyyy-MM-dd HH:mm:ss.SSSSSSXXX',"
                + " 'timestampNTZFormat', 'yyyy-MM-dd HH:mm:ss.SSSSSS'))";
        add(statements, "edge spark minus trino", exceptAllCount(row, fromSpark, fromTrino));
        add(statements, "edge trino minus spark", exceptAllCount(row, fromTrino, fromSpark));
        add(statements, "edge trino count", "SELECT count(*) FROM " + fromTrino);
        for (TpchTable table : TpchTable.values()) {
            String source = TPCH.schemaName() + "." + table.tableName();
            String copy = schema.spark("copy_" + table.tableName());
            statements.add("CREATE TABLE " + copy + " USING iceberg TBLPROPERTIES ('format-version'='2') AS SELECT * FROM " + source);
            add(statements, table + " source minus copy", exceptAllCount("*", source, copy));
            add(statements, table + " copy minus source", exceptAllCount("*", copy, source));
            add(statements, table + " count", "SELECT count(*) FROM " + source);
            String profile = profile(table);
            profiles.put(table, profile);
            add(statements, table + " profile", "SELECT " + profile + " FROM " + source);
        }
        add(statements, "deleted orders", "SELECT count(*), sum(orderkey), count_if(orderkey % 7 = 0) FROM "
                + schema.spark("orders_deleted"));
        spark = new SparkSql(target).run("xengine", statements.toArray(String[]::new));
    }

    private void add(List<String> statements, String name, String sql) {
        statementIndex.put(name, statements.size());
        statements.add(sql);
    }

    /**
     * count(*) and, per column, sum (numbers), sum of lengths (strings) or min and max (dates): the
     * same SQL in Spark and Trino, so each engine's reading of Trino's files can be compared value by value.
     */
    private String profile(TpchTable table) {
        List<String> aggregates = new ArrayList<>(List.of("count(*)"));
        for (List<Object> column : trino.query("SELECT column_name, data_type FROM " + schema.catalog()
                + ".information_schema.columns WHERE table_schema = '" + TPCH.schemaName() + "' AND table_name = '"
                + table.tableName() + "' ORDER BY ordinal_position")) {
            String name = column.get(0).toString();
            String type = column.get(1).toString();
            if (type.startsWith("varchar")) {
                aggregates.add("sum(length(" + name + "))");
            } else if (type.equals("date")) {
                aggregates.add("min(" + name + ")");
                aggregates.add("max(" + name + ")");
            } else if (type.equals("bigint") || type.equals("integer") || type.startsWith("decimal")) {
                aggregates.add("sum(" + name + ")");
            } else {
                aggregates.add("count(" + name + ")");
            }
        }
        return String.join(", ", aggregates);
    }

    private static String exceptAllCount(String projection, String left, String right) {
        return "SELECT count(*) FROM (SELECT " + projection + " FROM " + left + " EXCEPT ALL SELECT " + projection
                + " FROM " + right + ")";
    }

    private Object sparkValue(String name) {
        return spark.scalar(statementIndex.get(name));
    }

    private String tpch(String table) {
        return TPCH.schema() + "." + table;
    }

    @AfterAll
    void dropEverything() {
        if (schema != null) {
            schema.close();
        }
    }

    @Test
    void edgeCaseRowsWrittenBySparkAreReadByTrinoExactlyAsTrinoWroteThem() {
        String checksums = EdgeCaseDataset.columns().stream().map(c -> "checksum(" + c + ")").collect(Collectors.joining(", "));
        List<Object> sparkWritten = trino.query("SELECT count(*), " + checksums + " FROM " + schema.trino("edge_spark")).get(0);
        List<Object> trinoWritten = trino.query("SELECT count(*), " + checksums + " FROM " + schema.trino("edge_trino")).get(0);
        assertThat(sparkWritten.get(0)).as("edge-case rows Trino reads from Spark's table").isEqualTo((long) EdgeCaseDataset.rowCount());
        for (int i = 0; i < EdgeCaseDataset.columns().size(); i++) {
            assertThat(sparkWritten.get(i + 1)).as("Trino checksum of column %s: Spark-written vs Trino-written",
                    EdgeCaseDataset.columns().get(i)).isEqualTo(trinoWritten.get(i + 1));
        }
    }

    @Test
    void edgeCaseRowsWrittenByTrinoAreReadBySparkExactlyAsSparkWroteThem() {
        assertThat(sparkValue("edge trino count")).as("edge-case rows Spark reads from Trino's table")
                .isEqualTo((long) EdgeCaseDataset.rowCount());
        assertThat(sparkValue("edge spark minus trino")).as("Spark: rows of its own table missing from Trino's").isEqualTo(0L);
        assertThat(sparkValue("edge trino minus spark")).as("Spark: rows of Trino's table missing from its own").isEqualTo(0L);
    }

    @Test
    void tpchTablesWrittenByTrinoAreReadBySparkAsTrinoReadsThem() {
        for (TpchTable table : TpchTable.values()) {
            List<String> sparkProfile = spark.rows(statementIndex.get(table + " profile")).get(0).stream()
                    .map(String::valueOf).toList();
            List<String> trinoProfile = trino.query("SELECT " + profiles.get(table) + " FROM " + tpch(table.tableName()))
                    .get(0).stream().map(String::valueOf).toList();
            assertThat(sparkProfile).as("%s: Spark's and Trino's aggregates over Trino's files (%s)", table, profiles.get(table))
                    .isEqualTo(trinoProfile);
        }
    }

    @Test
    void sparkCopiesOfTrinosTpchTablesMatchTheirSourceRowForRowInSpark() {
        for (TpchTable table : TpchTable.values()) {
            assertThat(sparkValue(table + " count")).as("%s rows Spark reads from Trino's table", table)
                    .isEqualTo(trino.scalar("SELECT count(*) FROM " + tpch(table.tableName())));
            assertThat(sparkValue(table + " source minus copy")).as("Spark: %s rows missing from its copy", table).isEqualTo(0L);
            assertThat(sparkValue(table + " copy minus source")).as("Spark: %s rows of its copy not in the source", table)
                    .isEqualTo(0L);
        }
    }

    @Test
    void tpchCopiesWrittenBySparkAreReadByTrinoRowForRow() {
        for (TpchTable table : TpchTable.values()) {
            String source = tpch(table.tableName());
            String copy = schema.trino("copy_" + table.tableName());
            assertThat(trino.scalar("SELECT count(*) FROM " + copy)).as("%s rows Trino reads from Spark's copy", table)
                    .isEqualTo(trino.scalar("SELECT count(*) FROM " + source));
            assertThat(trino.scalar("SELECT count(*) FROM (SELECT * FROM " + source + " EXCEPT ALL SELECT * FROM " + copy + ")"))
                    .as("Trino: %s rows missing from Spark's copy", table).isEqualTo(0L);
            assertThat(trino.scalar("SELECT count(*) FROM (SELECT * FROM " + copy + " EXCEPT ALL SELECT * FROM " + source + ")"))
                    .as("Trino: %s rows of Spark's copy not in the source", table).isEqualTo(0L);
        }
    }

    @Test
    void positionDeletesWrittenByTrinoAreAppliedBySpark() {
        assertThat(trino.scalar("SELECT count(*) FROM " + schema.trino("\"orders_deleted$files\"") + " WHERE content = 1"))
                .as("position delete files Trino wrote for its DELETE").isNotEqualTo(0L);
        List<Object> trinoView = trino.query("SELECT count(*), sum(orderkey), count_if(orderkey % 7 = 0) FROM "
                + schema.trino("orders_deleted")).get(0);
        assertThat(spark.rows(statementIndex.get("deleted orders")).get(0))
                .as("Spark's count, key sum and deleted-row count vs Trino's %s", trinoView)
                .containsExactly(trinoView.get(0), trinoView.get(1), 0L);
    }
}
