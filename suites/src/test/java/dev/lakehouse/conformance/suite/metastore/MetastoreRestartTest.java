package dev.lakehouse.conformance.suite.metastore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.conformance.junit.LakehouseTest;
import dev.lakehouse.conformance.junit.RequiresCapability;
import dev.lakehouse.conformance.junit.Verifies;
import dev.lakehouse.conformance.plan.Checkpoints;
import dev.lakehouse.conformance.plan.Criteria;
import dev.lakehouse.conformance.results.Figures;
import dev.lakehouse.conformance.suite.support.MetastoreClient;
import dev.lakehouse.conformance.suite.support.Names;
import dev.lakehouse.conformance.suite.support.PlatformRules;
import dev.lakehouse.conformance.suite.support.PrometheusApi;
import dev.lakehouse.conformance.suite.support.ScratchBucket;
import dev.lakehouse.conformance.suite.support.TrinoCatalogs;
import dev.lakehouse.conformance.suite.support.TrinoSession;
import dev.lakehouse.conformance.target.Capability;
import dev.lakehouse.conformance.target.Target;
import java.time.Duration;
import java.util.OptionalDouble;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Checkpoint 1.2 across a disruption: the metastore is restarted once, and each claim about the restart is checked
 * against that one restart: the databases and tables come back (PostgreSQL keeps them), and Prometheus's record of the
 * metastore's availability over the run counts the time it was down (the plan's 99.9 % uptime, as a figure).
 */
@LakehouseTest
@Tag(Checkpoints.HIVE_METASTORE)
@RequiresCapability({Capability.METASTORE, Capability.METASTORE_RESTART, Capability.S3})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Isolated("restarts the metastore, which every other suite uses")
class MetastoreRestartTest {
    private static final Duration SCRAPED_WITHIN = Duration.ofSeconds(60);

    private final Target target;
    private ScratchBucket scratch;
    private TrinoSession trino;
    private String database;
    private String schema;
    private String region;
    private PrometheusApi prometheus;
    private String metastoreJob;
    private double startedBefore;

    MetastoreRestartTest(Target target) {
        this.target = target;
    }

    @BeforeAll
    void createATableThenRestartTheMetastore() {
        scratch = ScratchBucket.create(target, "hms-restart");
        if (target.has(Capability.TRINO_ICEBERG)) {
            trino = new TrinoSession(target.trino());
            database = Names.sql(target, "restart");
            schema = target.trino().icebergCatalog() + "." + database;
            region = TrinoCatalogs.byConnector(trino, "tpch") + ".tiny.region";
            trino.execute("CREATE SCHEMA " + schema + " WITH (location = 's3://" + scratch.name() + "/restart')");
            trino.execute("CREATE TABLE " + schema + ".region AS SELECT * FROM " + region);
        }
        if (target.has(Capability.PROMETHEUS)) {
            prometheus = new PrometheusApi(target.monitoring());
            metastoreJob = PlatformRules.load().metastoreJob();
            Awaitility.await("the metastore is scraped and up before the restart").atMost(SCRAPED_WITHIN)
                    .pollInterval(Duration.ofSeconds(1)).until(() -> prometheus.scalar(up()).orElse(0) == 1);
            startedBefore = prometheus.scalar(started()).orElseThrow();
        }
        target.restartMetastore();
    }

    @AfterAll
    void dropTheTable() {
        try {
            if (trino != null) {
                trino.execute("DROP TABLE IF EXISTS " + schema + ".region");
                trino.execute("DROP SCHEMA IF EXISTS " + schema);
                trino.close();
            }
        } finally {
            scratch.close();
        }
    }

    @Test
    @RequiresCapability(Capability.TRINO_ICEBERG)
    @Verifies(Criteria.METASTORE_POSTGRESQL)
    void databasesAndTablesAreKeptAcrossTheRestart() throws Exception {
        try (MetastoreClient metastore = new MetastoreClient(target.metastore())) {
            assertThat(metastore.api().get_all_databases()).as("databases after restart").contains(database);
            assertThat(metastore.table(database, "region").getParameters())
                    .as("table after restart").containsEntry("table_type", "ICEBERG");
        }
        assertThat(trino.query("SELECT regionkey, name FROM " + schema + ".region ORDER BY regionkey"))
                .as("rows read through Trino after the metastore restart")
                .isEqualTo(trino.query("SELECT regionkey, name FROM " + region + " ORDER BY regionkey"));
    }

    @Test
    @RequiresCapability(Capability.PROMETHEUS)
    @Verifies(Criteria.METASTORE_POSTGRESQL)
    void availabilityOverTheRunIsMeasuredAcrossTheRestart() {
        // a new process start time: Prometheus has scraped the restarted metastore, not an old sample
        Awaitility.await("Prometheus scrapes the restarted metastore (a later process_start_time_seconds)")
                .atMost(SCRAPED_WITHIN).pollInterval(Duration.ofSeconds(1))
                .until(() -> prometheus.scalar(started()).orElse(0) > startedBefore && prometheus.scalar(up()).orElse(0) == 1);

        // every sample of the run so far (the ephemeral Prometheus started with the lakehouse)
        OptionalDouble availability = prometheus.scalar("avg_over_time(" + up() + "[1h])");
        OptionalDouble samples = prometheus.scalar("count_over_time(" + up() + "[1h])");
        OptionalDouble down = prometheus.scalar("count_over_time(" + up() + "[1h]) - sum_over_time(" + up() + "[1h])");
        assertThat(availability).as("availability of the metastore's metrics endpoint over the run").isPresent();
        assertThat(samples.orElse(0)).as("scrapes of the metastore so far").isGreaterThan(1);
        Figures.record(Checkpoints.HIVE_METASTORE, "metastore.availability", Math.round(availability.getAsDouble() * 100_000) / 1000.0, "percent",
                String.format("up{job=" + metastoreJob + "} averaged over %.0f scrapes of this run, %.0f of them down, including a "
                        + "deliberate restart; the window is the run, not a month (99.9%% of 30 days allows 43 min down)",
                        samples.getAsDouble(), down.orElse(0)));
    }

    private String up() {
        return "up{job=\"" + metastoreJob + "\"}";
    }

    private String started() {
        return "process_start_time_seconds{job=\"" + metastoreJob + "\"}";
    }
}
