package dev.lakehouse.conformance.datasets;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Loads deterministic TPC-H data into Iceberg through Trino: one CTAS per table from Trino's
 * {@code tpch} connector, which generates the same rows for the same scale on every run.
 */
public final class TpchDataset {

    /**
     * The usual name of the TPC-H connector's catalog; a deployment may name it otherwise (the catalog's file
     * name), so callers that know Trino's catalogs pass the name it reports.
     */
    public static final String TPCH_CATALOG = "tpch";

    private TpchDataset() {
    }

    /**
     * Creates {@code icebergCatalog.schema} at {@code s3Location} and fills it with the eight
     * TPC-H tables at {@code scale} (Iceberg format version 2).
     *
     * @throws SQLException naming the statement that failed; the schema is left as it is, so a
     *                      caller can inspect it and then {@link #drop} it
     */
    public static LoadReport load(Connection trino, String icebergCatalog, String schema, String s3Location,
            TpchScale scale) throws SQLException {
        return load(trino, TPCH_CATALOG, icebergCatalog, schema, s3Location, scale);
    }

    /** As {@link #load(Connection, String, String, String, TpchScale)}, from the TPC-H catalog {@code tpchCatalog}. */
    public static LoadReport load(Connection trino, String tpchCatalog, String icebergCatalog, String schema,
            String s3Location, TpchScale scale) throws SQLException {
        Sql.requireName(tpchCatalog, "tpchCatalog");
        Sql.requireName(icebergCatalog, "icebergCatalog");
        Sql.requireName(schema, "schema");
        Sql.requireName(s3Location, "s3Location");
        if (scale == null) {
            throw new IllegalArgumentException("scale is null; pass TpchScale.parse(value) or TpchScale.DEFAULT");
        }
        String target = Sql.identifier(icebergCatalog) + "." + Sql.identifier(schema);
        execute(trino, "CREATE SCHEMA " + target + " WITH (location = " + Sql.literal(s3Location) + ")",
                "If schema " + icebergCatalog + "." + schema + " already exists, drop it with "
                        + "TpchDataset.drop(connection, \"" + icebergCatalog + "\", \"" + schema
                        + "\") or choose another schema name");
        List<LoadReport.TableLoad> loads = new ArrayList<>();
        for (TpchTable table : TpchTable.values()) {
            loads.add(loadTable(trino, tpchCatalog, target, table, scale));
        }
        return new LoadReport(scale, icebergCatalog, schema, loads);
    }

    /** Drops the eight TPC-H tables (those that exist), then the schema. */
    public static void drop(Connection trino, String icebergCatalog, String schema) throws SQLException {
        Sql.requireName(icebergCatalog, "icebergCatalog");
        Sql.requireName(schema, "schema");
        String target = Sql.identifier(icebergCatalog) + "." + Sql.identifier(schema);
        for (TpchTable table : TpchTable.values()) {
            execute(trino, "DROP TABLE IF EXISTS " + target + "." + Sql.identifier(table.tableName()),
                    "Check that the Trino user may drop tables in " + icebergCatalog + "." + schema);
        }
        execute(trino, "DROP SCHEMA IF EXISTS " + target,
                "If the schema still holds tables that TpchDataset did not create, drop them first "
                        + "(SHOW TABLES FROM " + icebergCatalog + "." + schema + ")");
    }

    /** The CTAS that creates one table; public so reports and tests can show exactly what ran. */
    public static String createTableAsSelect(String qualifiedSchema, TpchTable table, TpchScale scale) {
        return createTableAsSelect(TPCH_CATALOG, qualifiedSchema, table, scale);
    }

    public static String createTableAsSelect(String tpchCatalog, String qualifiedSchema, TpchTable table, TpchScale scale) {
        String properties = "format_version = 2";
        if (table.isPartitioned()) {
            properties += ", partitioning = ARRAY[" + table.partitioning().stream()
                    .map(Sql::literal).collect(Collectors.joining(", ")) + "]";
        }
        return "CREATE TABLE " + qualifiedSchema + "." + Sql.identifier(table.tableName())
                + " WITH (" + properties + ")"
                + " AS SELECT * FROM " + Sql.identifier(tpchCatalog) + "." + Sql.identifier(scale.tpchSchema())
                + "." + Sql.identifier(table.tableName());
    }

    private static LoadReport.TableLoad loadTable(Connection trino, String tpchCatalog, String qualifiedSchema,
            TpchTable table, TpchScale scale) throws SQLException {
        String ctas = createTableAsSelect(tpchCatalog, qualifiedSchema, table, scale);
        long started = System.nanoTime();
        long rows;
        try (Statement statement = trino.createStatement()) {
            rows = statement.executeLargeUpdate(ctas);
        } catch (SQLException e) {
            throw failed(ctas, e, "Check that the " + tpchCatalog + " catalog exists in Trino and that the "
                    + "schema's S3 location is writable");
        }
        double seconds = (System.nanoTime() - started) / 1e9;

        String qualifiedTable = qualifiedSchema + "." + Sql.identifier(table.tableName());
        long counted = queryLongs(trino, "SELECT count(*) FROM " + qualifiedTable)[0];
        if (counted != rows) {
            throw new IllegalStateException("CTAS of " + qualifiedTable + " reported " + rows
                    + " rows but SELECT count(*) finds " + counted
                    + "; the table changed during the load or the catalog lost a commit - drop the schema and reload");
        }
        // content = 0: data files only (a fresh CTAS has no delete files, but say what is counted)
        long[] files = queryLongs(trino, "SELECT count(*), coalesce(sum(file_size_in_bytes), 0) FROM "
                + qualifiedSchema + "." + Sql.identifier(table.tableName() + "$files") + " WHERE content = 0");
        return new LoadReport.TableLoad(table, rows, files[0], files[1], seconds);
    }

    private static long[] queryLongs(Connection trino, String sql) throws SQLException {
        try (Statement statement = trino.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            if (!rows.next()) {
                throw new SQLException("Query returned no row: " + sql);
            }
            long[] values = new long[rows.getMetaData().getColumnCount()];
            for (int i = 0; i < values.length; i++) {
                values[i] = rows.getLong(i + 1);
            }
            return values;
        } catch (SQLException e) {
            throw failed(sql, e, "Check that the table was created and that the Iceberg catalog is reachable");
        }
    }

    private static void execute(Connection trino, String sql, String hint) throws SQLException {
        try (Statement statement = trino.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw failed(sql, e, hint);
        }
    }

    private static SQLException failed(String sql, SQLException cause, String hint) {
        return new SQLException("Trino rejected: " + sql + "\n  because: " + cause.getMessage() + "\n  " + hint,
                cause.getSQLState(), cause.getErrorCode(), cause);
    }
}
