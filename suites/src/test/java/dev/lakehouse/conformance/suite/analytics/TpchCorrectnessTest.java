package dev.lakehouse.conformance.suite.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.conformance.datasets.TpchTable;
import dev.lakehouse.conformance.junit.LakehouseTest;
import dev.lakehouse.conformance.junit.RequiresCapability;
import dev.lakehouse.conformance.junit.Verifies;
import dev.lakehouse.conformance.plan.Checkpoints;
import dev.lakehouse.conformance.plan.Criteria;
import dev.lakehouse.conformance.suite.support.IcebergSchema;
import dev.lakehouse.conformance.suite.support.SharedTpch;
import dev.lakehouse.conformance.suite.support.TrinoSession;
import dev.lakehouse.conformance.target.Capability;
import dev.lakehouse.conformance.target.Target;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Checkpoint 3.2, correctness beyond the 22 TPC-H queries: window functions, rollups with distinct aggregates and a
 * join across two Iceberg schemas return over the Iceberg copies what they return over Trino's {@code tpch} connector
 * (the {@link Oracle}). The 22 queries themselves are checked against the oracle on their first timed run, in
 * {@code TpchBenchmarkTest}, instead of each running once more here.
 */
@LakehouseTest
@Tag(Checkpoints.QUERY_PERFORMANCE)
@Verifies(Criteria.TPCH_CORRECTNESS)
@RequiresCapability({Capability.TRINO_ICEBERG, Capability.S3})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TpchCorrectnessTest {
    @RegisterExtension
    static final SharedTpch TPCH = new SharedTpch();

    private final Target target;
    private TrinoSession oracle;
    private TrinoSession iceberg;
    private IcebergSchema second;

    TpchCorrectnessTest(Target target) {
        this.target = target;
    }

    @BeforeAll
    void openSessions() {
        oracle = new TrinoSession(target.trino());
        oracle.execute("USE " + TPCH.oracleSchema());
        iceberg = new TrinoSession(target.trino());
        iceberg.execute("USE " + TPCH.schema());
        // a second schema with its own copies, for the join across schemas
        second = IcebergSchema.create(target, "tpch_second");
        for (TpchTable table : List.of(TpchTable.CUSTOMER, TpchTable.NATION)) {
            second.session().execute("CREATE TABLE " + second.trino(table.tableName()) + " AS SELECT * FROM " + TPCH.table(table));
        }
    }

    @AfterAll
    void closeSessions() {
        try {
            if (second != null) {
                second.close();
            }
        } finally {
            if (iceberg != null) {
                iceberg.close();
            }
            if (oracle != null) {
                oracle.close();
            }
        }
    }

    @Test
    void windowFunctionsMatchTheOracle() {
        String sql = """
                SELECT c.nationkey, c.custkey, c.acctbal,
                       rank() OVER (PARTITION BY c.nationkey ORDER BY c.acctbal DESC, c.custkey) AS rank_in_nation,
                       sum(c.acctbal) OVER (PARTITION BY c.nationkey ORDER BY c.custkey
                                            ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS running_balance,
                       lag(c.custkey) OVER (PARTITION BY c.mktsegment ORDER BY c.custkey) AS previous_in_segment,
                       ntile(4) OVER (ORDER BY c.acctbal, c.custkey) AS quartile
                FROM customer c
                ORDER BY c.nationkey, rank_in_nation""";

        Oracle.assertMatches("window functions over customer", oracle.query(sql), iceberg.query(sql), List.of(0, 3));
    }

    @Test
    void groupingSetsAndDistinctAggregatesMatchTheOracle() {
        String sql = """
                SELECT returnflag, linestatus, count(*) AS lines, count(DISTINCT orderkey) AS orders,
                       sum(quantity) AS quantity, min(shipdate) AS first_ship, max(receiptdate) AS last_receipt,
                       approx_distinct(partkey) AS parts_estimate, grouping(returnflag, linestatus) AS level
                FROM lineitem
                GROUP BY ROLLUP (returnflag, linestatus)
                ORDER BY level, returnflag, linestatus""";

        Oracle.assertMatches("rollup with distinct aggregates over lineitem", oracle.query(sql), iceberg.query(sql), List.of(8, 0, 1));
    }

    @Test
    void joinAcrossTwoIcebergSchemasMatchesTheOracle() {
        String join = """
                SELECT n.name AS nation, count(*) AS orders, sum(o.totalprice) AS revenue
                FROM %s o JOIN %s c ON o.custkey = c.custkey JOIN %s n ON c.nationkey = n.nationkey
                WHERE o.orderdate >= DATE '1995-01-01'
                GROUP BY n.name
                ORDER BY revenue DESC, nation""";
        String acrossSchemas = join.formatted(TPCH.table(TpchTable.ORDERS), second.trino("customer"), second.trino("nation"));
        String overTheOracle = join.formatted("orders", "customer", "nation");

        List<List<Object>> actual = iceberg.query(acrossSchemas);

        assertThat(actual).as("nations with orders since 1995 (join of %s with %s)", TPCH.schema(), second.name()).isNotEmpty();
        Oracle.assertMatches("join across Iceberg schemas", oracle.query(overTheOracle), actual, List.of(2, 0));
    }
}
