package dev.lakehouse.conformance.suite.metastore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.conformance.junit.LakehouseTest;
import dev.lakehouse.conformance.junit.RequiresCapability;
import dev.lakehouse.conformance.junit.Verifies;
import dev.lakehouse.conformance.plan.Checkpoints;
import dev.lakehouse.conformance.plan.Criteria;
import dev.lakehouse.conformance.suite.support.MetastoreClient;
import dev.lakehouse.conformance.suite.support.Names;
import dev.lakehouse.conformance.suite.support.ScratchBucket;
import dev.lakehouse.conformance.suite.support.TrinoSession;
import dev.lakehouse.conformance.target.Capability;
import dev.lakehouse.conformance.target.Target;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.hive.metastore.api.Database;
import org.apache.hadoop.hive.metastore.api.FieldSchema;
import org.apache.hadoop.hive.metastore.api.NoSuchObjectException;
import org.apache.hadoop.hive.metastore.api.SerDeInfo;
import org.apache.hadoop.hive.metastore.api.StorageDescriptor;
import org.apache.hadoop.hive.metastore.api.Table;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Checkpoint 1.2: the Hive Metastore keeps databases and tables, and its Thrift API and Trino's view of it agree.
 * That it comes back from a restart with its data: {@code MetastoreRestartTest}.
 */
@LakehouseTest
@Tag(Checkpoints.HIVE_METASTORE)
@RequiresCapability({Capability.METASTORE, Capability.S3})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetastoreTest {
    private final Target target;
    private ScratchBucket scratch;
    private String bucket;

    MetastoreTest(Target target) {
        this.target = target;
    }

    @BeforeAll
    void createBucket() {
        scratch = ScratchBucket.create(target, "hms");
        bucket = scratch.name();
    }

    @AfterAll
    void deleteBucket() {
        scratch.close();
    }

    @Test
    @RequiresCapability(Capability.TRINO_ICEBERG)
    @Verifies(Criteria.CATALOG_CONNECTIVITY)
    void databaseCreatedThroughThriftIsSeenByTrinoUntilDropped() throws Exception {
        String name = Names.sql(target, "thriftdb");
        String location = "s3a://" + bucket + "/" + name;
        try (MetastoreClient metastore = new MetastoreClient(target.metastore());
             TrinoSession trino = new TrinoSession(target.trino())) {
            metastore.api().create_database(new Database(name, "created over Thrift", location, Map.of("run", target.runId())));
            try {
                Database stored = metastore.api().get_database(name);
                assertThat(stored.getLocationUri()).as("database location over Thrift").isEqualTo(location);
                assertThat(stored.getParameters()).as("database parameters over Thrift").containsEntry("run", target.runId());
                assertThat(trino.column("SHOW SCHEMAS FROM " + target.trino().icebergCatalog()))
                        .as("Trino's schemas after the Thrift create").contains(name);
                assertThat(trino.scalar("SHOW CREATE SCHEMA " + target.trino().icebergCatalog() + "." + name).toString())
                        .as("Trino's view of the database location").contains(location);
            } finally {
                metastore.api().drop_database(name, false, true);
            }
            assertThat(metastore.api().get_all_databases()).as("databases over Thrift after drop").doesNotContain(name);
            assertThat(trino.column("SHOW SCHEMAS FROM " + target.trino().icebergCatalog()))
                    .as("Trino's schemas after the Thrift drop").doesNotContain(name);
        }
    }

    @Test
    @Verifies(Criteria.METASTORE_POSTGRESQL)
    void tableIsCreatedAlteredAndDroppedThroughThrift() throws Exception {
        String database = Names.sql(target, "hivedb");
        try (MetastoreClient metastore = new MetastoreClient(target.metastore())) {
            metastore.api().create_database(new Database(database, "", "s3a://" + bucket + "/" + database, Map.of()));
            try {
                Table table = externalParquetTable(database, "events", "s3a://" + bucket + "/" + database + "/events");
                metastore.api().create_table(table);
                assertThat(metastore.table(database, "events").getSd().getCols())
                        .as("columns after create").extracting(FieldSchema::getName).containsExactly("id", "payload");

                Table altered = metastore.table(database, "events");
                altered.getSd().addToCols(new FieldSchema("ingested_at", "timestamp", "added by alter"));
                altered.putToParameters("owner_team", "conformance");
                metastore.api().alter_table(database, "events", altered);
                Table reread = metastore.table(database, "events");
                assertThat(reread.getSd().getCols()).as("columns after alter")
                        .extracting(FieldSchema::getName).containsExactly("id", "payload", "ingested_at");
                assertThat(reread.getParameters()).as("parameters after alter").containsEntry("owner_team", "conformance");

                metastore.api().drop_table(database, "events", false);
                assertThatThrownBy(() -> metastore.table(database, "events"))
                        .as("get_table after drop").isInstanceOf(NoSuchObjectException.class);
            } finally {
                metastore.api().drop_database(database, false, true);
            }
        }
    }

    @Test
    @RequiresCapability(Capability.TRINO_ICEBERG)
    @Verifies(Criteria.CATALOG_CONNECTIVITY)
    void icebergTableCreatedAndAlteredInTrinoIsSeenThroughThrift() throws Exception {
        String catalog = target.trino().icebergCatalog();
        String schema = Names.sql(target, "trinodb");
        try (MetastoreClient metastore = new MetastoreClient(target.metastore());
             TrinoSession trino = new TrinoSession(target.trino())) {
            trino.execute("CREATE SCHEMA " + catalog + "." + schema + " WITH (location = 's3://" + bucket + "/" + schema + "')");
            try {
                trino.execute("CREATE TABLE " + catalog + "." + schema + ".customers (id bigint, name varchar)");
                Table created = metastore.table(schema, "customers");
                assertThat(created.getParameters()).as("table_type over Thrift").containsEntry("table_type", "ICEBERG");
                String firstMetadata = created.getParameters().get("metadata_location");

                trino.execute("ALTER TABLE " + catalog + "." + schema + ".customers ADD COLUMN email varchar");
                Table altered = metastore.table(schema, "customers");
                assertThat(altered.getParameters().get("metadata_location")).as("metadata_location after ALTER").isNotEqualTo(firstMetadata);
                assertThat(altered.getParameters()).as("previous_metadata_location after ALTER")
                        .containsEntry("previous_metadata_location", firstMetadata);
                assertThat(trino.column("SELECT column_name FROM " + catalog + ".information_schema.columns WHERE table_schema = '"
                        + schema + "' AND table_name = 'customers' ORDER BY ordinal_position"))
                        .as("Trino's columns after ALTER").containsExactly("id", "name", "email");

                trino.execute("DROP TABLE " + catalog + "." + schema + ".customers");
                assertThatThrownBy(() -> metastore.table(schema, "customers"))
                        .as("get_table over Thrift after Trino's DROP TABLE").isInstanceOf(NoSuchObjectException.class);
            } finally {
                trino.execute("DROP TABLE IF EXISTS " + catalog + "." + schema + ".customers");
                trino.execute("DROP SCHEMA IF EXISTS " + catalog + "." + schema);
            }
        }
    }

    private static Table externalParquetTable(String database, String name, String location) {
        StorageDescriptor sd = new StorageDescriptor();
        sd.setCols(List.of(new FieldSchema("id", "bigint", null), new FieldSchema("payload", "string", null)));
        sd.setLocation(location);
        sd.setInputFormat("org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat");
        sd.setOutputFormat("org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat");
        sd.setSerdeInfo(new SerDeInfo(name, "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe", Map.of()));
        Table table = new Table();
        table.setDbName(database);
        table.setTableName(name);
        table.setOwner("conformance");
        table.setTableType("EXTERNAL_TABLE");
        table.setSd(sd);
        table.setPartitionKeys(List.of());
        table.setParameters(new java.util.HashMap<>(Map.of("EXTERNAL", "TRUE")));
        return table;
    }
}
