package dev.lakehouse.conformance.suite.airflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lakehouse.conformance.backend.airflow.AirflowClient;
import dev.lakehouse.conformance.backend.airflow.AirflowClient.DagRun;
import dev.lakehouse.conformance.junit.LakehouseTest;
import dev.lakehouse.conformance.junit.RequiresCapability;
import dev.lakehouse.conformance.junit.Verifies;
import dev.lakehouse.conformance.plan.Checkpoints;
import dev.lakehouse.conformance.plan.Criteria;
import dev.lakehouse.conformance.results.Figures;
import dev.lakehouse.conformance.suite.support.IcebergSchema;
import dev.lakehouse.conformance.suite.support.TrinoSession;
import dev.lakehouse.conformance.target.Capability;
import dev.lakehouse.conformance.target.Target;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Checkpoint 5.1, "automated compaction schedules for Iceberg tables": the deployment's maintenance DAG
 * ({@code k8s-fixtures/airflow/dags/lakehouse_maintenance.py}) maintains every table of the schemas its configuration
 * names. A table of many small files and snapshots is made in the first of them; the DAG is unpaused and left to its
 * own schedule (shortened on the ephemeral target, as RGW's lifecycle day is); after one scheduled run the table has
 * fewer data files and snapshots, and the same content (checksums of every column, read through Trino).
 */
@LakehouseTest
@Tag(Checkpoints.PERFORMANCE_OPTIMIZATION)
@Verifies(Criteria.COMPACTION_SCHEDULE)
@RequiresCapability({Capability.AIRFLOW, Capability.TRINO_ICEBERG, Capability.MAINTENANCE_SCHEDULE_CONTROL})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
// mostly waits on Airflow's scheduler and a Spark driver: beside the sequential suites (GateOrder)
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock("airflow:" + CompactionScheduleTest.DAG)
class CompactionScheduleTest {
    static final String DAG = "lakehouse_maintenance";
    private static final String TABLE = "events";
    private static final int INSERTS = 6;
    /**
     * Beyond the schedule: the DAG processor's parse, the scheduler, a Spark application's start and three procedures;
     * as long as a pipeline run's work may take (on pods, beside other suites, its start alone took 3 minutes once).
     */
    private static final Duration RUN_MARGIN = Pipeline.WORK_WITHIN;
    private final Target target;
    private AirflowClient airflow;
    private IcebergSchema schema;
    private String table;
    private boolean wasPaused;

    CompactionScheduleTest(Target target) {
        this.target = target;
    }

    @BeforeAll
    void makeATableOfSmallFiles() {
        airflow = Pipeline.client(target.airflow());
        airflow.awaitDag(DAG, Pipeline.PARSED_WITHIN);
        // the schemas the deployment maintains: the default of the DAG's `schemas` param, as Airflow reports it
        JsonNode schemas = airflow.dagDetails(DAG).path("params").path("schemas").path("value");
        assertThat(schemas.isArray() && !schemas.isEmpty()).as("schemas the maintenance DAG maintains (params.schemas of "
                + DAG + "): " + schemas).isTrue();
        schema = IcebergSchema.named(target, schemas.get(0).asText());
        table = schema.trino(TABLE);
        TrinoSession trino = schema.session();
        trino.execute("CREATE TABLE " + table + " (id BIGINT, kind VARCHAR, amount DECIMAL(12, 2))");
        // one commit each: a data file and a snapshot per INSERT, what streaming or micro-batch writers leave behind
        IntStream.range(0, INSERTS).forEach(i -> trino.execute("INSERT INTO " + table + " SELECT x + " + (i * 1000)
                + ", 'kind-' || CAST(x % 7 AS VARCHAR), CAST(x AS DECIMAL(12, 2)) / 3 FROM UNNEST(sequence(1, 500)) AS t(x)"));
    }

    @AfterAll
    void cleanUp() {
        try {
            if (airflow != null) {
                Pipeline.restorePaused(airflow, DAG, wasPaused);
            }
        } finally {
            if (schema != null) {
                schema.close();
            }
        }
    }

    @Test
    void scheduledMaintenanceCompactsFilesAndExpiresSnapshotsWithTheContentUnchanged() {
        TrinoSession trino = schema.session();
        long filesBefore = count(trino, "$files");
        long snapshotsBefore = count(trino, "$snapshots");
        List<String> contentBefore = content(trino);
        assertThat(filesBefore).as("data files before maintenance").isGreaterThanOrEqualTo(INSERTS);

        Set<String> earlierRuns = airflow.dagRuns(DAG).stream().map(DagRun::runId).collect(Collectors.toSet());
        Duration interval = Pipeline.scheduleInterval(airflow, DAG);
        Instant unpaused = Instant.now();
        wasPaused = Pipeline.unpause(airflow, DAG);
        DagRun run = Awaitility.await("a scheduled run of " + DAG + " after it was unpaused has finished (schedule " + interval + ")")
                .atMost(interval.multipliedBy(2).plus(RUN_MARGIN)).pollInterval(Duration.ofSeconds(2))
                .until(() -> airflow.dagRuns(DAG).stream().filter(r -> !earlierRuns.contains(r.runId()))
                        .filter(r -> "scheduled".equals(r.runType()) && r.finished()).findFirst().orElse(null), r -> r != null);
        Pipeline.restorePaused(airflow, DAG, wasPaused);
        wasPaused = false;
        Figures.record(Checkpoints.PERFORMANCE_OPTIMIZATION, "maintenance.scheduled-run.seconds",
                Duration.between(unpaused, run.endDate().orElseThrow()).toMillis() / 1000.0, "s",
                "unpause -> first scheduled maintenance run finished (schedule " + interval + "); data files " + filesBefore
                        + " -> " + count(trino, "$files") + ", snapshots " + snapshotsBefore + " -> " + count(trino, "$snapshots"));

        assertThat(run.state()).as("state of scheduled run " + run.runId()).isEqualTo("success");
        assertThat(count(trino, "$files")).as("data files after the scheduled rewrite_data_files").isLessThan(filesBefore);
        assertThat(count(trino, "$snapshots")).as("snapshots after the scheduled expire_snapshots").isLessThan(snapshotsBefore);
        assertThat(content(trino)).as("row count and checksum of every column after maintenance").isEqualTo(contentBefore);
    }

    /** Rows of one of the table's metadata tables ({@code $files}, {@code $snapshots}). */
    private long count(TrinoSession trino, String metadataTable) {
        String quoted = schema.catalog() + "." + schema.name() + ".\"" + TABLE + metadataTable + "\"";
        return ((Number) trino.query("SELECT count(*) FROM " + quoted).get(0).get(0)).longValue();
    }

    /** Read from the data files: row count and Trino's checksum() of each column (varbinary, as hex). */
    private List<String> content(TrinoSession trino) {
        return trino.query("SELECT count(*), to_hex(checksum(id)), to_hex(checksum(kind)), to_hex(checksum(amount)) FROM " + table)
                .get(0).stream().map(String::valueOf).toList();
    }
}
