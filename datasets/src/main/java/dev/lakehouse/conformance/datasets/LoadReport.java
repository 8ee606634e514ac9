package dev.lakehouse.conformance.datasets;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What {@link TpchDataset#load} wrote: one {@link TableLoad} per TPC-H table, in load order.
 *
 * <p>Bytes are the data files Iceberg tracks (in the catalog's file format, compressed, as stored in S3), so
 * {@link #megabytesPerSecond()} is the write throughput of the CTAS statements, not of the
 * (larger) generated source rows. One MB is 1,000,000 bytes.
 */
public record LoadReport(TpchScale scale, String catalog, String schema, List<TableLoad> tables) {

    /** One table's load: rows written, the data files and bytes behind them, and CTAS wall time. */
    public record TableLoad(TpchTable table, long rows, long dataFiles, long bytes, double seconds) {
    }

    public LoadReport {
        Objects.requireNonNull(scale, "scale");
        tables = List.copyOf(tables);
    }

    public TableLoad table(TpchTable table) {
        return tables.stream()
                .filter(load -> load.table() == table)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Table " + table.tableName()
                        + " is not in this report of " + catalog + "." + schema
                        + "; it holds " + tables.stream().map(t -> t.table().tableName()).toList()));
    }

    public long totalRows() {
        return tables.stream().mapToLong(TableLoad::rows).sum();
    }

    public long totalDataFiles() {
        return tables.stream().mapToLong(TableLoad::dataFiles).sum();
    }

    public long totalBytes() {
        return tables.stream().mapToLong(TableLoad::bytes).sum();
    }

    /** Sum of the CTAS times (the statistics queries after each CTAS are not counted). */
    public double totalSeconds() {
        return tables.stream().mapToDouble(TableLoad::seconds).sum();
    }

    /** Total bytes over total seconds; 0 when nothing took measurable time. */
    public double megabytesPerSecond() {
        double seconds = totalSeconds();
        return seconds > 0 ? totalBytes() / 1_000_000.0 / seconds : 0;
    }

    /** A fixed-width text table, for logs and reports. */
    public String summary() {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
                "TPC-H %s (scale factor %s) into %s.%s%n%-10s %12s %7s %14s %9s%n",
                scale.tpchSchema(), BigDecimal.valueOf(scale.scaleFactor()).stripTrailingZeros().toPlainString(),
                catalog, schema,
                "table", "rows", "files", "bytes", "seconds"));
        for (TableLoad load : tables) {
            text.append(String.format(Locale.ROOT, "%-10s %12d %7d %14d %9.2f%n",
                    load.table().tableName(), load.rows(), load.dataFiles(), load.bytes(), load.seconds()));
        }
        text.append(String.format(Locale.ROOT, "%-10s %12d %7d %14d %9.2f  (%.2f MB/s)%n",
                "total", totalRows(), totalDataFiles(), totalBytes(), totalSeconds(), megabytesPerSecond()));
        return text.toString();
    }
}
