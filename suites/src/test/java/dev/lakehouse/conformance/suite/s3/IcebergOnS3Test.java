package dev.lakehouse.conformance.suite.s3;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.conformance.junit.LakehouseTest;
import dev.lakehouse.conformance.junit.RequiresCapability;
import dev.lakehouse.conformance.junit.Verifies;
import dev.lakehouse.conformance.plan.Checkpoints;
import dev.lakehouse.conformance.plan.Criteria;
import dev.lakehouse.conformance.suite.support.IcebergFileFormat;
import dev.lakehouse.conformance.suite.support.Names;
import dev.lakehouse.conformance.suite.support.S3Clients;
import dev.lakehouse.conformance.suite.support.ScratchBucket;
import dev.lakehouse.conformance.suite.support.TrinoCatalogFile;
import dev.lakehouse.conformance.suite.support.TrinoCatalogs;
import dev.lakehouse.conformance.suite.support.TrinoSession;
import dev.lakehouse.conformance.target.Capability;
import dev.lakehouse.conformance.target.Target;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Checkpoint 1.1, Iceberg usage: an Iceberg table written by an engine lives on the store as plain
 * S3 objects (metadata JSON, manifest list, data files in the table's format) that the S3 API reads back
 * consistently. The format is the deployment's choice: read from the table as Trino reports it.
 */
@LakehouseTest
@Tag(Checkpoints.S3_INTEGRATION)
@Verifies(Criteria.ICEBERG_BUCKETS)
@RequiresCapability({Capability.S3, Capability.TRINO_ICEBERG})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IcebergOnS3Test {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Target target;
    private final TrinoSession trino;
    private final String schema;
    private final String catalog;
    private ScratchBucket scratch;
    private S3Client s3;
    private String bucket;

    IcebergOnS3Test(Target target) {
        this.target = target;
        this.trino = new TrinoSession(target.trino());
        this.schema = Names.sql(target, "iceberg");
        this.catalog = target.trino().icebergCatalog();
    }

    @BeforeAll
    void createTable() {
        scratch = ScratchBucket.create(target, "iceberg");
        s3 = scratch.client();
        bucket = scratch.name();
        trino.execute("CREATE SCHEMA " + catalog + "." + schema + " WITH (location = 's3://" + bucket + "/" + schema + "')");
        // no format given: the table gets the catalog's default, which the data files test checks
        trino.execute("CREATE TABLE " + catalog + "." + schema + ".nation AS SELECT * FROM "
                + TrinoCatalogs.byConnector(trino, "tpch") + ".tiny.nation");
    }

    @AfterAll
    void dropEverything() {
        trino.execute("DROP TABLE IF EXISTS " + catalog + "." + schema + ".nation");
        trino.execute("DROP SCHEMA IF EXISTS " + catalog + "." + schema);
        trino.close();
        scratch.close();
    }

    @Test
    void currentMetadataNamesSnapshotWhoseFilesAreReadableThroughS3() throws Exception {
        String metadataLocation = (String) trino.scalar("SELECT file FROM " + catalog + "." + schema
                + ".\"nation$metadata_log_entries\" ORDER BY timestamp DESC LIMIT 1");
        JsonNode metadata = JSON.readTree(read(metadataLocation));

        long currentSnapshot = metadata.path("current-snapshot-id").asLong();
        assertThat(metadata.path("format-version").asInt()).as("Iceberg format version: iceberg.format-version of catalog %s", catalog)
                .isEqualTo(TrinoCatalogFile.of(catalog).formatVersion());
        assertThat(metadata.path("location").asText()).as("table location in the metadata").startsWith("s3://" + bucket + "/");
        JsonNode snapshot = null;
        for (JsonNode candidate : metadata.path("snapshots")) {
            if (candidate.path("snapshot-id").asLong() == currentSnapshot) {
                snapshot = candidate;
            }
        }
        assertThat(snapshot).as("current snapshot " + currentSnapshot + " listed in the metadata").isNotNull();
        byte[] manifestList = read(snapshot.path("manifest-list").asText());
        assertThat(new String(manifestList, 0, 3, StandardCharsets.ISO_8859_1)).as("manifest list is an Avro file").isEqualTo("Obj");
        assertThat(snapshot.path("summary").path("total-records").asLong()).as("records in the snapshot summary").isEqualTo(25);
    }

    @Test
    void dataFilesAreObjectsOfTheTablesFormatWithItsMagic() {
        IcebergFileFormat format = IcebergFileFormat.ofTable(trino, catalog, schema, "nation");
        assertThat(format).as("format Trino reports for a table created with catalog %s's defaults: its catalog file's"
                + " iceberg.file-format", catalog).isEqualTo(TrinoCatalogFile.of(catalog).fileFormat());
        List<List<Object>> dataFiles = trino.query("SELECT file_path, file_format FROM " + catalog + "." + schema + ".\"nation$files\"");
        assertThat(dataFiles).as("data files of the table").isNotEmpty();
        for (List<Object> file : dataFiles) {
            URI uri = URI.create(file.get(0).toString());
            String key = uri.getPath().substring(1);
            assertThat(file.get(1)).as("format of " + key + " in the table's manifest").isEqualTo(format.name());
            assertThat(format.readMagic(s3, uri.getHost(), key)).as("magic bytes of " + key + " (" + format + ")")
                    .isEqualTo(format.expectedMagic());
        }
    }

    @Test
    void everyObjectUnderTheTableLocationIsMetadataOrData() {
        List<String> keys = S3Clients.list(s3, bucket, schema + "/").stream().map(S3Object::key).toList();
        assertThat(keys).as("objects under the schema location").isNotEmpty()
                .allMatch(key -> key.contains("/metadata/") || key.contains("/data/") || key.endsWith("/"),
                        "is in a metadata/ or data/ directory");
        assertThat(keys).as("metadata JSON files").anyMatch(key -> key.endsWith(".metadata.json"));
    }

    private byte[] read(String location) {
        URI uri = URI.create(location);
        return s3.getObjectAsBytes(r -> r.bucket(uri.getHost()).key(uri.getPath().substring(1))).asByteArray();
    }
}
