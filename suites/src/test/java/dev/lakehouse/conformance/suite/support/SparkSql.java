package dev.lakehouse.conformance.suite.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lakehouse.conformance.process.Commands;
import dev.lakehouse.conformance.process.ConfigurationException;
import dev.lakehouse.conformance.process.Logs;
import dev.lakehouse.conformance.target.Settings;
import dev.lakehouse.conformance.target.SparkJob;
import dev.lakehouse.conformance.target.SparkRun;
import dev.lakehouse.conformance.target.SparkSubmitter;
import dev.lakehouse.conformance.target.Target;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.awaitility.Awaitility;

/**
 * Spark SQL through the platform's own {@code sql-script} application: the statements become the
 * application's arguments and every statement's rows come back in its {@code @@lakehouse-result} lines.
 * Where the target has a Spark Connect server, each call runs the job file as a client of it (a Spark session
 * of its own in one long-lived application); otherwise each call is a submission with its own driver. Suites
 * whose submission is under test (2.2) submit the application themselves.
 */
public final class SparkSql {
    static final Duration TIMEOUT = Duration.ofMinutes(4);
    private final Target target;
    private final SparkJob sqlScript;

    public SparkSql(Target target) {
        this.target = target;
        this.sqlScript = SparkJob.fromManifest(
                Settings.fromSystemProperties().platformFile("spark/applications/sql-script.yaml"));
    }

    /**
     * The Spark catalog the platform's jobs write Iceberg through: {@code spark.sql.defaultCatalog} of the
     * platform's spark-defaults.conf (the file every SparkApplication mounts and the local Spark renders),
     * which must be an Iceberg {@code SparkCatalog}. Its name is the deployment's choice; tests qualify
     * procedures with it ({@code CALL <catalog>.system...}) and name tables {@code schema.table}.
     */
    public static String icebergCatalog() {
        Path file = Settings.fromSystemProperties().platformFile("spark/conf/spark-defaults.conf");
        // read as Spark reads it: a java.util.Properties file
        Properties conf = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            conf.load(reader);
        } catch (IOException e) {
            throw new ConfigurationException("lakehouse.platform.dir", "cannot read " + file + ": " + e.getMessage(), "fix the file");
        }
        String catalog = conf.getProperty("spark.sql.defaultCatalog");
        if (catalog == null || !"org.apache.iceberg.spark.SparkCatalog".equals(conf.getProperty("spark.sql.catalog." + catalog))) {
            throw new ConfigurationException("spark.sql.defaultCatalog", file + " sets spark.sql.defaultCatalog=" + catalog
                    + ", which is not an Iceberg SparkCatalog", "point it at the spark.sql.catalog.<name> of class"
                    + " org.apache.iceberg.spark.SparkCatalog");
        }
        return catalog;
    }

    /** The manifest-defined application (with its restart policy), for tests about the job itself. */
    public SparkJob job() {
        return sqlScript;
    }

    /** Runs the statements in one session and returns each statement's result; fails with Spark's reason. */
    public Results run(String purpose, String... statements) {
        SparkRun run = start(purpose, List.of(statements)).awaitTermination(TIMEOUT);
        SparkRun.Attempt attempt = run.lastAttempt();
        if (run.state() != SparkRun.State.COMPLETED) {
            // the run dir goes at teardown (a copy stays in the results' logs/): quote the tail now
            throw new AssertionError("Spark application " + run.name() + " " + run.state() + ": "
                    + attempt.failureReason().orElse("-") + "\ndriver log " + attempt.log().location() + ", last lines:\n"
                    + Commands.mask(attempt.log().tail(40), List.of(target.s3().secretKey())));
        }
        return new Results(attempt.results());
    }

    /**
     * Runs statements of which the last is meant to fail; returns the attempt with the earlier statements' results and the reason.
     */
    public SparkRun.Attempt runExpectingFailure(String purpose, String... statements) {
        SparkRun run = start(purpose, List.of(statements)).awaitTermination(TIMEOUT);
        assertThat(run.state()).as("state of Spark application %s, whose last statement must fail; log: %s",
                run.name(), run.lastAttempt().log()).isEqualTo(SparkRun.State.FAILED);
        return run.lastAttempt();
    }

    /**
     * Starts the statements without waiting, through the target's Spark Connect server when it has one, else as
     * a submission. Run once: test scripts are not idempotent (a retry would meet its own CREATE TABLE), so the
     * manifest's restart policy is tested on its own in 2.2.
     */
    public SparkRun start(String purpose, List<String> statements) {
        SparkSubmitter spark = target.spark();
        return spark.connectClients().orElse(spark).submit(application(purpose, statements));
    }

    /** Submits the statements as an application with a driver of its own, run once: for tests of the submission itself. */
    public SparkRun submit(String purpose, List<String> statements) {
        return target.spark().submit(application(purpose, statements));
    }

    private SparkJob application(String purpose, List<String> statements) {
        return sqlScript.withoutRetries().withName(Names.sql(target, purpose).replace('_', '-')).withArguments(statements);
    }

    /**
     * Waits until the running application reports (with its {@code @@lakehouse-start} line) that it
     * has begun statement {@code index}, and returns when that was seen: to line up concurrent work.
     */
    public Instant awaitStatementStarted(SparkRun run, int index) {
        String marker = "@@lakehouse-start {\"index\":" + index + "}";
        Awaitility.await("Spark application " + run.name() + " to start statement " + index)
                .atMost(TIMEOUT).pollInterval(Duration.ofMillis(50))
                .failFast("the application ended before statement " + index + " started",
                        () -> run.state() == SparkRun.State.COMPLETED || run.state() == SparkRun.State.FAILED)
                .until(() -> run.currentLog().map(log -> log.contains(marker)).orElse(false));
        return Instant.now();
    }

    /** Statement results in submission order. */
    public record Results(List<JsonNode> statements) {
        public JsonNode statement(int index) {
            assertThat(statements).as("result lines of the Spark SQL script").hasSizeGreaterThan(index);
            return statements.get(index);
        }

        /** Rows of statement {@code index} as lists of plain values (numbers, strings, booleans, null). */
        public List<List<Object>> rows(int index) {
            List<List<Object>> rows = new ArrayList<>();
            for (JsonNode row : statement(index).path("rows")) {
                List<Object> values = new ArrayList<>();
                row.forEach(value -> values.add(plain(value)));
                rows.add(values);
            }
            return rows;
        }

        public List<String> columns(int index) {
            List<String> columns = new ArrayList<>();
            statement(index).path("columns").forEach(c -> columns.add(c.asText()));
            return columns;
        }

        /** The single value of statement {@code index}. */
        public Object scalar(int index) {
            List<List<Object>> rows = rows(index);
            assertThat(rows).as("rows of Spark statement %d (%s)", index, statement(index).path("statement").asText())
                    .hasSize(1);
            return rows.get(0).get(0);
        }

        private static Object plain(JsonNode value) {
            if (value.isNull()) {
                return null;
            }
            if (value.isIntegralNumber()) {
                return value.asLong();
            }
            if (value.isNumber()) {
                return value.asDouble();
            }
            if (value.isBoolean()) {
                return value.asBoolean();
            }
            return value.isTextual() ? value.asText() : value.toString();
        }
    }
}
