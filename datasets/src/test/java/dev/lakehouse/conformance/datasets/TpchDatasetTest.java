package dev.lakehouse.conformance.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TpchDatasetTest {

    @Test
    void listsTheEightTpchTablesWithOnlyOrdersAndLineitemPartitioned() {
        assertThat(Arrays.stream(TpchTable.values()).map(TpchTable::tableName)).containsExactly(
                "nation", "region", "part", "supplier", "partsupp", "customer", "orders", "lineitem");
        assertThat(TpchTable.ORDERS.partitioning()).containsExactly("year(orderdate)");
        assertThat(TpchTable.LINEITEM.partitioning()).containsExactly("year(shipdate)");
        assertThat(Arrays.stream(TpchTable.values()).filter(TpchTable::isPartitioned))
                .containsExactly(TpchTable.ORDERS, TpchTable.LINEITEM);
    }

    @Test
    void partitionedCtasQuotesTheFractionalTpchSchema() {
        assertThat(TpchDataset.createTableAsSelect("\"iceberg\".\"tpch\"", TpchTable.ORDERS, TpchScale.SF0_1))
                .isEqualTo("CREATE TABLE \"iceberg\".\"tpch\".\"orders\""
                        + " WITH (format_version = 2, partitioning = ARRAY['year(orderdate)'])"
                        + " AS SELECT * FROM \"tpch\".\"sf0.1\".\"orders\"");
    }

    @Test
    void unpartitionedCtasOnlySetsTheFormatVersion() {
        assertThat(TpchDataset.createTableAsSelect("\"iceberg\".\"s\"", TpchTable.NATION, TpchScale.TINY))
                .isEqualTo("CREATE TABLE \"iceberg\".\"s\".\"nation\" WITH (format_version = 2)"
                        + " AS SELECT * FROM \"tpch\".\"tiny\".\"nation\"");
    }

    @Test
    void rejectsBlankNamesBeforeTouchingTheConnection() {
        assertThatThrownBy(() -> TpchDataset.load(null, "iceberg", " ", "s3://b/s", TpchScale.TINY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("schema is blank");
        assertThatThrownBy(() -> TpchDataset.load(null, "iceberg", "s", "s3://b/s", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TpchScale.parse");
    }

    @Test
    void quotesIdentifiersAndLiterals() {
        assertThat(Sql.identifier("we\"ird")).isEqualTo("\"we\"\"ird\"");
        assertThat(Sql.literal("s3://b/it's")).isEqualTo("'s3://b/it''s'");
    }
}
