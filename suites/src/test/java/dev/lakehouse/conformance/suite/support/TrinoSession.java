package dev.lakehouse.conformance.suite.support;

import dev.lakehouse.conformance.target.TrinoEndpoint;
import io.trino.jdbc.QueryStats;
import io.trino.jdbc.TrinoResultSet;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** A JDBC session to the target's Trino; rows come back as lists of column values. */
public final class TrinoSession implements AutoCloseable {
    private final Connection connection;

    public TrinoSession(TrinoEndpoint endpoint) {
        this(endpoint, "lakehouse-conformance");
    }

    /** A session whose queries carry {@code source}: system.runtime.queries then tells them apart. */
    public TrinoSession(TrinoEndpoint endpoint, String source) {
        Properties properties = new Properties();
        properties.setProperty("user", endpoint.user());
        properties.setProperty("source", source);
        endpoint.password().ifPresent(password -> {
            properties.setProperty("password", password);
            properties.setProperty("SSL", "true");
        });
        try {
            this.connection = DriverManager.getConnection(endpoint.jdbcUrl(), properties);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to Trino at " + endpoint.jdbcUrl() + ": " + e.getMessage(), e);
        }
    }

    /** The JDBC connection, for libraries that take one (the datasets loader). */
    public Connection connection() {
        return connection;
    }

    public List<List<Object>> query(String sql) {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            int columns = rows.getMetaData().getColumnCount();
            List<List<Object>> result = new ArrayList<>();
            while (rows.next()) {
                List<Object> row = new ArrayList<>(columns);
                for (int i = 1; i <= columns; i++) {
                    row.add(rows.getObject(i));
                }
                result.add(row);
            }
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException("Trino query failed: " + sql + "\n  " + e.getMessage(), e);
        }
    }

    /** The single value of a one-row, one-column query. */
    public Object scalar(String sql) {
        List<List<Object>> rows = query(sql);
        if (rows.size() != 1 || rows.get(0).size() != 1) {
            throw new IllegalStateException("expected one value from " + sql + " but got " + rows);
        }
        return rows.get(0).get(0);
    }

    public List<Object> column(String sql) {
        return query(sql).stream().map(row -> row.get(0)).toList();
    }

    /** The column names a query returns (Trino's view of the table's schema, also for time travel). */
    public List<String> columnNames(String sql) {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            List<String> names = new ArrayList<>();
            for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) {
                names.add(rows.getMetaData().getColumnName(i));
            }
            return names;
        } catch (SQLException e) {
            throw new IllegalStateException("Trino query failed: " + sql + "\n  " + e.getMessage(), e);
        }
    }

    /**
     * Rows the query's table scans produced, from Trino's final query statistics: what was left to
     * read after partition pruning and file skipping.
     */
    public long processedRows(String sql) {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                // drain: the statistics are final once the last page is read
            }
            return rows.unwrap(TrinoResultSet.class).getStats().getProcessedRows();
        } catch (SQLException e) {
            throw new IllegalStateException("Trino query failed: " + sql + "\n  " + e.getMessage(), e);
        }
    }

    /**
     * A query's rows (empty unless kept), how many there were, the time the client waited for them,
     * and Trino's final statistics of the query.
     */
    public record Execution(List<List<Object>> rows, long rowCount, double clientSeconds, QueryStats stats) {
        /** The query's elapsed time as the coordinator measured it (queued, planning, running, finishing). */
        public double serverSeconds() {
            return stats.getElapsedTimeMillis() / 1000.0;
        }
    }

    /** Runs a query, reads every row and times it from sending the statement to the last row. */
    public Execution timed(String sql, boolean keepRows) {
        long begin = System.nanoTime();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            int columns = rows.getMetaData().getColumnCount();
            List<List<Object>> result = new ArrayList<>();
            long count = 0;
            while (rows.next()) {
                count++;
                if (keepRows) {
                    List<Object> row = new ArrayList<>(columns);
                    for (int i = 1; i <= columns; i++) {
                        row.add(rows.getObject(i));
                    }
                    result.add(row);
                }
            }
            double seconds = (System.nanoTime() - begin) / 1e9;
            return new Execution(result, count, seconds, rows.unwrap(TrinoResultSet.class).getStats());
        } catch (SQLException e) {
            throw new IllegalStateException("Trino query failed: " + sql + "\n  " + e.getMessage(), e);
        }
    }

    /** The error Trino answers with; fails when the statement succeeds. */
    public String errorOf(String sql) {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            List<List<Object>> result = new ArrayList<>();
            while (rows.next()) {
                result.add(List.of(rows.getObject(1)));
            }
            throw new AssertionError("expected Trino to reject " + sql + " but it returned " + result);
        } catch (SQLException e) {
            return e.getMessage();
        }
    }

    public void execute(String sql) {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Trino statement failed: " + sql + "\n  " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot close the Trino connection", e);
        }
    }
}
