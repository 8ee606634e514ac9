package dev.lakehouse.conformance.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One small table of edge cases (nulls, unicode, precision limits, extreme dates and instants,
 * nested types), written once per SQL dialect so that a table created by Trino and one created by
 * Spark can be compared value for value.
 *
 * <p>The scripts live next to this class as {@code edge-cases/trino.sql} and
 * {@code edge-cases/spark.sql}: a CREATE TABLE (Iceberg format version 2) and one INSERT of
 * {@link #rowCount()} rows keyed by {@code id}. The README lists what each row covers.
 */
public final class EdgeCaseDataset {

    private static final List<String> COLUMNS = List.of(
            "id", "str_val", "bigint_val", "int_val", "double_val", "real_val", "bool_val",
            "dec38_0", "dec38_18", "dec9_2", "date_val", "ts_val", "tstz_val", "bin_val",
            "int_array", "str_int_map", "struct_val", "struct_array");

    private static final int ROW_COUNT = 10;

    private EdgeCaseDataset() {
    }

    /** CREATE TABLE and INSERT in Trino SQL, for {@code qualifiedTable} (e.g. {@code iceberg.s.edge}). */
    public static List<String> trinoStatements(String qualifiedTable) {
        return statements("trino.sql", SqlScript.Dialect.TRINO, qualifiedTable);
    }

    /** CREATE TABLE and INSERT in Spark SQL, for {@code qualifiedTable} (e.g. {@code iceberg.s.edge}). */
    public static List<String> sparkStatements(String qualifiedTable) {
        return statements("spark.sql", SqlScript.Dialect.SPARK, qualifiedTable);
    }

    /** The column names in table order; {@code id} first. */
    public static List<String> columns() {
        return COLUMNS;
    }

    /** The number of rows the INSERT writes (ids 1 to this number). */
    public static int rowCount() {
        return ROW_COUNT;
    }

    static String script(String fileName) {
        String resource = "edge-cases/" + fileName;
        try (InputStream in = EdgeCaseDataset.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Resource " + resource + " is missing next to "
                        + EdgeCaseDataset.class.getName() + "; rebuild the lakehouse-datasets jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read resource " + resource + " of lakehouse-datasets", e);
        }
    }

    private static List<String> statements(String fileName, SqlScript.Dialect dialect, String qualifiedTable) {
        if (qualifiedTable == null || qualifiedTable.isBlank() || qualifiedTable.matches(".*[\\s;'].*")) {
            throw new IllegalArgumentException("Table name '" + qualifiedTable + "' is blank or holds blanks,"
                    + " quotes or ';'; pass a qualified name such as iceberg.my_schema.edge_cases");
        }
        return SqlScript.split(script(fileName), dialect).stream()
                .map(statement -> statement.replace("${table}", qualifiedTable))
                .toList();
    }
}
