package dev.lakehouse.conformance.suite.backup;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A table of the metastore's PostgreSQL that commits a row every half second, stamped with the server's clock: after a
 * restore, its newest row says how much committed work the restore lost (the recovery point). It stops at its first
 * failed commit (the database was destroyed) and keeps that error for the report.
 */
final class Heartbeat implements AutoCloseable {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "dr-heartbeat"));
    private final Connection connection;
    private final AtomicReference<Instant> lastCommitted = new AtomicReference<>();
    private final AtomicReference<String> stoppedBy = new AtomicReference<>();
    private long sequence;

    private Heartbeat(Connection connection) {
        this.connection = connection;
    }

    static Heartbeat start(String jdbcUrl, String user, String password) throws SQLException {
        Connection connection = DriverManager.getConnection(jdbcUrl, user, password);
        try (var statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS heartbeat (seq bigint PRIMARY KEY, at timestamptz NOT NULL)");
        }
        Heartbeat heartbeat = new Heartbeat(connection);
        try (var statement = connection.createStatement(); var rows = statement.executeQuery("SELECT coalesce(max(seq), 0) FROM heartbeat")) {
            rows.next();
            heartbeat.sequence = rows.getLong(1); // a restored table goes on from its last beat
        }
        heartbeat.timer.scheduleAtFixedRate(heartbeat::beat, 0, 500, TimeUnit.MILLISECONDS);
        return heartbeat;
    }

    private void beat() {
        if (stoppedBy.get() != null) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO heartbeat VALUES (?, clock_timestamp()) RETURNING at")) {
            insert.setLong(1, ++sequence);
            try (var rows = insert.executeQuery()) {
                rows.next();
                lastCommitted.set(rows.getTimestamp(1).toInstant()); // autocommit: returned means committed
            }
        } catch (SQLException e) {
            stoppedBy.set(e.getMessage()); // the database went away: that is the drill, not an error of the heartbeat
        }
    }

    /** The server time of the newest committed beat. */
    Instant lastCommitted() {
        return lastCommitted.get();
    }

    /** Why it stopped beating, or null while it beats. */
    String stoppedBy() {
        return stoppedBy.get();
    }

    /** The newest beat in the database at {@code jdbcUrl} (a restored one), and how many are later than {@code after}. */
    static Beats read(String jdbcUrl, String user, String password, Instant after) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password);
             PreparedStatement query = c.prepareStatement("SELECT max(at), count(*) FILTER (WHERE at > ?), count(*) FROM heartbeat")) {
            query.setTimestamp(1, Timestamp.from(after));
            try (var rows = query.executeQuery()) {
                rows.next();
                return new Beats(rows.getTimestamp(1).toInstant(), rows.getLong(2), rows.getLong(3));
            }
        }
    }

    record Beats(Instant newest, long later, long total) {
    }

    @Override
    public void close() throws SQLException {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        connection.close();
    }
}
