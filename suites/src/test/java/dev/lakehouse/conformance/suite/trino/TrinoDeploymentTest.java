package dev.lakehouse.conformance.suite.trino;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.conformance.junit.LakehouseTest;
import dev.lakehouse.conformance.junit.RequiresCapability;
import dev.lakehouse.conformance.junit.Verifies;
import dev.lakehouse.conformance.plan.Checkpoints;
import dev.lakehouse.conformance.plan.Criteria;
import dev.lakehouse.conformance.results.Figures;
import dev.lakehouse.conformance.suite.support.MetastoreClient;
import dev.lakehouse.conformance.suite.support.Names;
import dev.lakehouse.conformance.suite.support.S3Clients;
import dev.lakehouse.conformance.suite.support.TrinoCatalogs;
import dev.lakehouse.conformance.suite.support.TrinoSession;
import dev.lakehouse.conformance.target.Capability;
import dev.lakehouse.conformance.target.Target;
import java.net.URI;
import java.util.List;
import org.apache.hadoop.hive.metastore.api.Table;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Checkpoint 3.1: the Trino coordinator answers, its catalogs are there, and Iceberg really reaches the metastore and RGW. */
@LakehouseTest
@Tag(Checkpoints.TRINO_DEPLOYMENT)
@RequiresCapability(Capability.TRINO)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrinoDeploymentTest {
    private final Target target;
    private final TrinoSession trino;

    TrinoDeploymentTest(Target target) {
        this.target = target;
        this.trino = new TrinoSession(target.trino());
    }

    @AfterAll
    void close() {
        trino.close();
    }

    @Test
    @Verifies({Criteria.COORDINATOR_WORKERS, Criteria.CATALOGS})
    void coordinatorAnswersAndIsActive() {
        assertThat(trino.scalar("SELECT 1 + 1")).as("SELECT 1 + 1").isEqualTo(2);
        assertThat(trino.query("SELECT node_version, coordinator, state FROM system.runtime.nodes WHERE coordinator"))
                .as("active coordinator in system.runtime.nodes")
                .anySatisfy(row -> {
                    assertThat(row.get(0).toString()).as("node version").isNotBlank();
                    assertThat(row.get(2)).as("node state").isEqualTo("active");
                });
    }

    @Test
    @Verifies(Criteria.CATALOGS)
    void icebergTpchAndMemoryCatalogsAreListed() {
        // catalog names are the deployment's (file names); the plan asks for these connectors
        assertThat(TrinoCatalogs.connectors(trino)).as("catalogs Trino lists, with their connectors")
                .containsEntry(target.trino().icebergCatalog(), "iceberg")
                .containsValues("tpch", "memory");
    }

    @Test
    @Verifies(Criteria.CATALOGS)
    void memoryCatalogStoresAndReturnsRows() {
        String table = TrinoCatalogs.byConnector(trino, "memory") + ".default." + Names.sql(target, "mem");
        trino.execute("CREATE TABLE " + table + " AS SELECT * FROM (VALUES (1, 'a'), (2, 'b')) t(id, name)");
        try {
            assertThat(trino.query("SELECT id, name FROM " + table + " ORDER BY id")).as("rows of the memory table")
                    .containsExactly(java.util.List.of(1, "a"), java.util.List.of(2, "b"));
        } finally {
            trino.execute("DROP TABLE " + table);
        }
    }

    @Test
    @RequiresCapability({Capability.TRINO_ICEBERG, Capability.S3, Capability.METASTORE})
    @Verifies(Criteria.ICEBERG_CATALOG)
    void icebergSchemaOnS3TakesCtasFromTpchAndIsDroppedCleanly() throws Exception {
        String catalog = TrinoCatalogs.iceberg(trino, target.trino());
        String source = TrinoCatalogs.byConnector(trino, "tpch") + ".tiny.orders";
        String bucket = Names.bucket(target, "trino");
        String schema = Names.sql(target, "ctas");
        try (S3Client s3 = S3Clients.create(target.s3()); MetastoreClient metastore = new MetastoreClient(target.metastore())) {
            s3.createBucket(r -> r.bucket(bucket));
            try {
                trino.execute("CREATE SCHEMA " + catalog + "." + schema + " WITH (location = 's3://" + bucket + "/" + schema + "')");
                long begin = System.nanoTime();
                trino.execute("CREATE TABLE " + catalog + "." + schema + ".orders AS SELECT * FROM " + source);
                Figures.record(Checkpoints.TRINO_DEPLOYMENT, "trino.ctas.seconds", (System.nanoTime() - begin) / 1e9, "s",
                        "CTAS of " + source + " (15,000 rows) into Iceberg on RGW");

                String checksum = "SELECT count(*), to_hex(checksum(orderkey)), to_hex(checksum(totalprice)), to_hex(checksum(comment)) FROM ";
                assertThat(trino.query(checksum + catalog + "." + schema + ".orders"))
                        .as("row count and column checksums of the Iceberg copy against " + source)
                        .isEqualTo(trino.query(checksum + source));

                Table table = metastore.table(schema, "orders");
                assertThat(table.getParameters()).as("table parameters in the metastore")
                        .containsEntry("table_type", "ICEBERG")
                        .hasEntrySatisfying("metadata_location", location ->
                                assertThat(location).startsWith("s3://" + bucket + "/" + schema + "/"));
                // the data files as the table lists them, whatever format the catalog writes
                List<String> dataFiles = trino.column("SELECT file_path FROM " + catalog + "." + schema + ".\"orders$files\"").stream()
                        .map(path -> URI.create(path.toString()).getPath().substring(1)).toList();
                assertThat(dataFiles).as("data files of the Iceberg copy").isNotEmpty();
                assertThat(S3Clients.list(s3, bucket, schema + "/")).as("objects written to RGW under the schema location")
                        .extracting(S3Object::key).containsAll(dataFiles)
                        .anyMatch(key -> key.endsWith(".metadata.json"));

                trino.execute("DROP TABLE " + catalog + "." + schema + ".orders");
                assertThat(metastore.api().get_all_tables(schema)).as("tables in the metastore after DROP TABLE").isEmpty();
                assertThat(S3Clients.list(s3, bucket, schema + "/")).as("data files left on RGW after DROP TABLE")
                        .extracting(S3Object::key).doesNotContainAnyElementsOf(dataFiles);
                trino.execute("DROP SCHEMA " + catalog + "." + schema);
                assertThat(trino.column("SHOW SCHEMAS FROM " + catalog)).as("schemas after DROP SCHEMA").doesNotContain(schema);
            } finally {
                trino.execute("DROP TABLE IF EXISTS " + catalog + "." + schema + ".orders");
                trino.execute("DROP SCHEMA IF EXISTS " + catalog + "." + schema);
                S3Clients.deleteBucket(s3, bucket);
            }
        }
    }
}
