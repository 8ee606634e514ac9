package dev.lakehouse.conformance.suite.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lakehouse.conformance.datasets.TpchTable;
import dev.lakehouse.conformance.junit.LakehouseTest;
import dev.lakehouse.conformance.junit.RequiresCapability;
import dev.lakehouse.conformance.junit.Verifies;
import dev.lakehouse.conformance.plan.Checkpoints;
import dev.lakehouse.conformance.plan.Criteria;
import dev.lakehouse.conformance.results.Figures;
import dev.lakehouse.conformance.suite.support.IcebergSchema;
import dev.lakehouse.conformance.suite.support.SharedTpch;
import dev.lakehouse.conformance.suite.support.TrinoSession;
import dev.lakehouse.conformance.target.Capability;
import dev.lakehouse.conformance.target.Target;
import io.trino.jdbc.QueryStats;
import io.trino.jdbc.StageStats;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Checkpoint 3.3, pushdown and pruning, verified from Trino itself on Iceberg, whatever file format the catalog
 * writes: predicates reach the Iceberg table scan, partition filters and min/max statistics keep files from being
 * read at all, and a narrow projection reads only its columns. Amounts come from Trino's final query statistics (physical input
 * bytes, splits of the scan stage); each test asserts the direction with a margin and records the ratio.
 */
@LakehouseTest
@Tag(Checkpoints.S3_SELECT_PUSHDOWN)
@Verifies(Criteria.PUSHDOWN_PRUNING)
@RequiresCapability({Capability.TRINO_ICEBERG, Capability.S3})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PushdownTest {
    @RegisterExtension
    static final SharedTpch TPCH = new SharedTpch();

    private static final String CHECKPOINT = Checkpoints.S3_SELECT_PUSHDOWN;
    private static final String CHART = "Pushdown: bytes read, full scan / pruned scan";
    /** Data files of the table written range by range, each covering its own orderkey range. */
    private static final int RANGES = 8;
    private static final String RANGED_COLUMNS = "orderkey, partkey, suppkey, linenumber, quantity, extendedprice, shipdate, comment";

    private final Target target;
    private IcebergSchema schema;
    private TrinoSession trino;
    private String lineitem;
    private String ranged;
    private long minOrderkey;
    private long rangeWidth;

    PushdownTest(Target target) {
        this.target = target;
    }

    @BeforeAll
    void writeRangedTable() {
        lineitem = TPCH.table(TpchTable.LINEITEM);
        schema = IcebergSchema.create(target, "pushdown");
        trino = schema.session();
        ranged = schema.trino("lineitem_by_orderkey");
        List<Object> bounds = trino.query("SELECT min(orderkey), max(orderkey) FROM " + lineitem).get(0);
        minOrderkey = ((Number) bounds.get(0)).longValue();
        rangeWidth = (((Number) bounds.get(1)).longValue() - minOrderkey) / RANGES + 1;
        trino.execute("CREATE TABLE " + ranged + " WITH (format_version = 2) AS SELECT " + RANGED_COLUMNS
                + " FROM " + lineitem + " WITH NO DATA");
        // one INSERT per range: every data file it writes holds only that range, so its min/max statistics do not overlap
        for (int range = 0; range < RANGES; range++) {
            trino.execute("INSERT INTO " + ranged + " SELECT " + RANGED_COLUMNS + " FROM " + lineitem
                    + " WHERE orderkey BETWEEN " + lower(range) + " AND " + upper(range));
        }
    }

    @AfterAll
    void dropSchema() {
        if (schema != null) {
            schema.close();
        }
    }

    @Test
    void predicateOnThePartitionColumnIsEnforcedByTheIcebergTableScan() {
        String plan = String.valueOf(trino.scalar("EXPLAIN SELECT sum(quantity) FROM " + lineitem
                + " WHERE shipdate >= DATE '1995-01-01' AND shipdate < DATE '1996-01-01'"));
        String scanOf = "table = " + TPCH.catalog() + ":" + TPCH.schemaName() + ".lineitem$data";
        String scan = plan.lines().filter(line -> line.contains(scanOf)).findFirst().orElse("(no scan of lineitem)");

        assertThat(scan).as("the Iceberg table scan of lineitem in the plan:%n%s", plan)
                .contains("constraint on [shipdate]")
                .doesNotContain("filterPredicate");
        assertThat(plan).as("the scan's constraint: one year of shipdate (plan:%n%s)", plan)
                .contains(":: [[1995-01-01, 1996-01-01)]");
        assertThat(plan.lines().filter(line -> line.contains("Filter") && line.contains("shipdate")).toList())
                .as("Filter nodes on shipdate left above the scan (the connector enforces the predicate)").isEmpty();
    }

    @Test
    void filterOnOneShipYearReadsAFractionOfLineitem() {
        String aggregate = "SELECT sum(quantity) FROM ";
        String oneYear = " WHERE shipdate >= DATE '1995-01-01' AND shipdate < DATE '1996-01-01'";
        TrinoSession.Execution full = trino.timed(aggregate + lineitem, true);
        TrinoSession.Execution pruned = trino.timed(aggregate + lineitem + oneYear, true);

        assertThat(number(pruned)).as("sum(quantity) of 1995 shipments against the tpch connector")
                .isCloseTo(((Number) trino.scalar(aggregate + TPCH.oracleSchema() + ".lineitem" + oneYear)).doubleValue(), within(1e-6));
        assertPruned("partition pruning (1 of 7 shipdate years)", full, pruned);
        record("pushdown.partition-pruning.bytes-ratio", "partition pruning", full, pruned,
                "physical input bytes of sum(quantity) over lineitem (partitioned by year(shipdate)), full scan / WHERE shipdate in 1995");
    }

    @Test
    void rangeFilterOnAColumnWithDisjointFileRangesSkipsFilesByMinMaxStatistics() {
        assertThat((Long) trino.scalar("SELECT count(*) FROM " + schema.trino("\"lineitem_by_orderkey$files\"")))
                .as("data files of %s, written in %d disjoint orderkey ranges", ranged, RANGES)
                .isGreaterThanOrEqualTo((long) RANGES);
        String aggregate = "SELECT sum(quantity) FROM ";
        // a third of the way into range 3: at most the files of that range can hold these orderkeys
        long from = lower(3) + rangeWidth / 3;
        String filter = " WHERE orderkey BETWEEN " + from + " AND " + (from + rangeWidth / 10);
        TrinoSession.Execution full = trino.timed(aggregate + ranged, true);
        TrinoSession.Execution pruned = trino.timed(aggregate + ranged + filter, true);

        assertThat(number(pruned)).as("sum(quantity) of the orderkey range against the shared lineitem")
                .isCloseTo(((Number) trino.scalar(aggregate + lineitem + filter)).doubleValue(), within(1e-6));
        assertPruned("file skipping (orderkey range inside 1 of " + RANGES + " file ranges)", full, pruned);
        record("pushdown.file-skipping.bytes-ratio", "file skipping (min/max)", full, pruned,
                "physical input bytes of sum(quantity) over a copy of lineitem written in " + RANGES
                        + " INSERTs of disjoint orderkey ranges (not partitioned), full scan / WHERE" + filter.substring(" WHERE".length()));
    }

    /**
     * Trino reads a Parquet file below {@code parquet_small_file_threshold} (3 MB), or an ORC stripe below
     * {@code orc_tiny_stripe_threshold} (8 MB), whole, whatever the projection: at small TPC-H scales every file is
     * that small, which would hide column pruning. This session sets both thresholds to 0 (as Trino's own tests do,
     * whichever format the catalog writes) so that only the projected columns are read, as for a real table's files.
     */
    @Test
    void projectingOneColumnReadsFewerBytesThanSelectStar() {
        try (TrinoSession session = new TrinoSession(target.trino())) {
            session.execute("SET SESSION " + TPCH.catalog() + ".parquet_small_file_threshold = '0B'");
            session.execute("SET SESSION " + TPCH.catalog() + ".orc_tiny_stripe_threshold = '0B'");
            TrinoSession.Execution star = session.timed("SELECT * FROM " + lineitem, false);
            TrinoSession.Execution narrow = session.timed("SELECT orderkey FROM " + lineitem, false);

            assertThat(narrow.stats().getProcessedRows()).as("rows read by SELECT orderkey (every row, as SELECT *)")
                    .isEqualTo(star.stats().getProcessedRows());
            assertThat(narrow.stats().getPhysicalInputBytes())
                    .as("physical input bytes of SELECT orderkey: at most half of SELECT *'s %d", star.stats().getPhysicalInputBytes())
                    .isPositive()
                    .isLessThanOrEqualTo(star.stats().getPhysicalInputBytes() / 2);
            record("pushdown.column-pruning.bytes-ratio", "column pruning (1 of 16 columns)", star, narrow,
                    "physical input bytes of SELECT * FROM lineitem / SELECT orderkey FROM lineitem, all rows read,"
                            + " parquet_small_file_threshold and orc_tiny_stripe_threshold = 0B");
        }
    }

    private long lower(int range) {
        return minOrderkey + range * rangeWidth;
    }

    private long upper(int range) {
        return lower(range) + rangeWidth - 1;
    }

    private static void assertPruned(String what, TrinoSession.Execution full, TrinoSession.Execution pruned) {
        assertThat(pruned.stats().getPhysicalInputBytes())
                .as("%s: physical input bytes, at most half of the full scan's %d", what, full.stats().getPhysicalInputBytes())
                .isPositive()
                .isLessThanOrEqualTo(full.stats().getPhysicalInputBytes() / 2);
        assertThat(scanSplits(pruned.stats()))
                .as("%s: splits of the scan stage, at most half of the full scan's %d", what, scanSplits(full.stats()))
                .isPositive()
                .isLessThanOrEqualTo(scanSplits(full.stats()) / 2);
        assertThat(pruned.stats().getProcessedRows())
                .as("%s: rows read, fewer than the full scan's %d", what, full.stats().getProcessedRows())
                .isLessThan(full.stats().getProcessedRows());
    }

    /** Splits of the stages that read tables: the leaves of the stage tree (the root itself when it has none). */
    static int scanSplits(QueryStats stats) {
        return stats.getRootStage().map(PushdownTest::leafSplits)
                .orElseThrow(() -> new IllegalStateException("Trino's statistics of query " + stats.getQueryId() + " have no stages"));
    }

    private static int leafSplits(StageStats stage) {
        return stage.getSubStages().isEmpty() ? stage.getTotalSplits()
                : stage.getSubStages().stream().mapToInt(PushdownTest::leafSplits).sum();
    }

    private static double number(TrinoSession.Execution execution) {
        assertThat(execution.rows()).as("rows of the aggregate").hasSize(1);
        return ((Number) execution.rows().get(0).get(0)).doubleValue();
    }

    private static void record(String id, String label, TrinoSession.Execution full, TrinoSession.Execution pruned, String detail) {
        long fullBytes = full.stats().getPhysicalInputBytes();
        long prunedBytes = pruned.stats().getPhysicalInputBytes();
        double ratio = (double) fullBytes / prunedBytes;
        Map<String, Object> series = new LinkedHashMap<>();
        series.put("ratio", ratio);
        Map<String, Object> chart = new LinkedHashMap<>();
        chart.put("group", CHART);
        chart.put("label", label);
        chart.put("series", series);
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("chart", chart);
        attributes.put("fullBytes", fullBytes);
        attributes.put("prunedBytes", prunedBytes);
        attributes.put("fullSplits", scanSplits(full.stats()));
        attributes.put("prunedSplits", scanSplits(pruned.stats()));
        attributes.put("fullRows", full.stats().getProcessedRows());
        attributes.put("prunedRows", pruned.stats().getProcessedRows());
        Figures.record(CHECKPOINT, id, ratio, "ratio", detail + " (" + fullBytes + " / " + prunedBytes + " bytes, splits "
                + scanSplits(full.stats()) + " / " + scanSplits(pruned.stats()) + ")", List.of(), attributes);
    }
}
