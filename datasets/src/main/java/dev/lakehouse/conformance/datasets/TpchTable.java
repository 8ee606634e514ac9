package dev.lakehouse.conformance.datasets;

import java.util.List;
import java.util.Locale;

/**
 * The eight TPC-H tables and how each is partitioned in Iceberg.
 *
 * <p>Only {@code orders} and {@code lineitem} are partitioned, by the year of the date the TPC-H
 * queries filter on ({@code orderdate}, {@code shipdate}): they hold about 90% of the rows, and
 * seven yearly partitions (1992-1998) give partition pruning something to prove without
 * shredding even the tiny scale into many small files. The other six tables are small or have no
 * date column, so partitioning them would only add files.
 */
public enum TpchTable {
    NATION,
    REGION,
    PART,
    SUPPLIER,
    PARTSUPP,
    CUSTOMER,
    ORDERS("year(orderdate)"),
    LINEITEM("year(shipdate)");

    private final List<String> partitioning;

    TpchTable(String... partitioning) {
        this.partitioning = List.of(partitioning);
    }

    /** The table name, the same in the {@code tpch} catalog and in Iceberg. */
    public String tableName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Iceberg partition transforms for Trino's {@code partitioning} table property; empty if none. */
    public List<String> partitioning() {
        return partitioning;
    }

    public boolean isPartitioned() {
        return !partitioning.isEmpty();
    }
}
