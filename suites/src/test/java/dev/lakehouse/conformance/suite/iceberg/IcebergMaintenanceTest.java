package dev.lakehouse.conformance.suite.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.conformance.junit.LakehouseTest;
import dev.lakehouse.conformance.junit.RequiresCapability;
import dev.lakehouse.conformance.junit.Verifies;
import dev.lakehouse.conformance.plan.Checkpoints;
import dev.lakehouse.conformance.plan.Criteria;
import dev.lakehouse.conformance.results.Figures;
import dev.lakehouse.conformance.suite.support.IcebergSchema;
import dev.lakehouse.conformance.suite.support.S3Clients;
import dev.lakehouse.conformance.suite.support.SparkSql;
import dev.lakehouse.conformance.suite.support.TrinoSession;
import dev.lakehouse.conformance.target.Capability;
import dev.lakehouse.conformance.target.Target;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Checkpoint 1.3, maintenance: compaction and manifest rewriting through Spark's procedures,
 * snapshot expiry and orphan removal through Trino with its minimum retention lowered for the test
 * (Spark's remove_orphan_files refuses anything younger than 24 hours, so a planted orphan could not
 * be removed within a run). Each leaves the table's content, by row count and content checksum, unchanged.
 */
@LakehouseTest
@Tag(Checkpoints.ICEBERG_TABLES)
@Verifies(Criteria.TIME_TRAVEL_MAINTENANCE)
@RequiresCapability({Capability.SPARK, Capability.TRINO_ICEBERG, Capability.S3})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IcebergMaintenanceTest {
    private final Target target;
    private final SparkSql spark;
    private IcebergSchema schema;
    private TrinoSession trino;

    IcebergMaintenanceTest(Target target) {
        this.target = target;
        this.spark = new SparkSql(target);
    }

    @BeforeAll
    void createSchema() {
        schema = IcebergSchema.create(target, "maint");
        trino = schema.session();
    }

    @AfterAll
    void dropSchema() {
        if (schema != null) {
            schema.close();
        }
    }

    /** A table written by {@code inserts} separate INSERTs: one small data file and one snapshot each. */
    private String tableWithSmallFiles(String name, int inserts) {
        String table = schema.trino(name);
        trino.execute("CREATE TABLE " + table + " (id bigint, payload varchar) WITH (format_version = 2)");
        for (int i = 0; i < inserts; i++) {
            trino.execute("INSERT INTO " + table + " SELECT " + (i * 100) + " + n, 'row ' || CAST(n AS varchar)"
                    + " FROM UNNEST(sequence(1, 100)) AS t(n)");
        }
        return table;
    }

    private List<Object> content(String table) {
        return trino.query("SELECT count(*), to_hex(checksum(id)), to_hex(checksum(payload)) FROM " + table).get(0);
    }

    private long count(String metadataTable) {
        return (Long) trino.scalar("SELECT count(*) FROM " + metadataTable);
    }

    @Test
    void rewriteDataFilesReducesTheFileCountAndKeepsTheContent() {
        String table = tableWithSmallFiles("compacted", 6);
        List<Object> before = content(table);
        long filesBefore = count(schema.trino("\"compacted$files\""));

        SparkSql.Results results = spark.run("compaction", "CALL " + SparkSql.icebergCatalog()
                + ".system.rewrite_data_files(table => '" + schema.spark("compacted") + "', options => map('min-input-files', '2'))");

        long filesAfter = count(schema.trino("\"compacted$files\""));
        assertThat(filesAfter).as("data files after rewrite_data_files (%d before)", filesBefore).isLessThan(filesBefore);
        assertThat(content(table)).as("row count and content checksums after compaction").isEqualTo(before);
        assertThat(results.rows(0).get(0).get(0)).as("rewritten_data_files_count reported by Spark").isEqualTo(filesBefore);
        Figures.record(Checkpoints.ICEBERG_TABLES, "iceberg.compaction.files.before", filesBefore, "files", "data files before rewrite_data_files (Spark)");
        Figures.record(Checkpoints.ICEBERG_TABLES, "iceberg.compaction.files.after", filesAfter, "files", "data files after rewrite_data_files (Spark)");
    }

    @Test
    void rewriteManifestsMergesManifestsAndKeepsTheContent() {
        String table = tableWithSmallFiles("manifests", 5);
        List<Object> before = content(table);
        long manifestsBefore = count(schema.trino("\"manifests$manifests\""));

        spark.run("rewrite-manifests", "CALL " + SparkSql.icebergCatalog() + ".system.rewrite_manifests('"
                + schema.spark("manifests") + "')");

        long manifestsAfter = count(schema.trino("\"manifests$manifests\""));
        assertThat(manifestsAfter).as("manifests after rewrite_manifests (%d before)", manifestsBefore).isLessThan(manifestsBefore);
        assertThat(content(table)).as("row count and content checksums after rewrite_manifests").isEqualTo(before);
        Figures.record(Checkpoints.ICEBERG_TABLES, "iceberg.rewrite-manifests.manifests.before", manifestsBefore, "manifests", "before rewrite_manifests (Spark)");
        Figures.record(Checkpoints.ICEBERG_TABLES, "iceberg.rewrite-manifests.manifests.after", manifestsAfter, "manifests", "after rewrite_manifests (Spark)");
    }

    @Test
    void expireSnapshotsRemovesOldSnapshotsAndTheFilesOnlyTheyReached() {
        String table = tableWithSmallFiles("expiring", 3);
        // optimize replaces the three files with one, and a later insert makes the optimize snapshot old
        // too: Iceberg deletes a replaced file once the snapshot that replaced it has expired as well
        trino.execute("ALTER TABLE " + table + " EXECUTE optimize");
        trino.execute("INSERT INTO " + table + " VALUES (100000, 'after optimize')");
        List<Object> before = content(table);
        long snapshotsBefore = count(schema.trino("\"expiring$snapshots\""));
        String dataPrefix = schema.name() + "/";
        Set<String> objectsBefore = objects(dataPrefix + "expiring");

        trino.execute("SET SESSION " + schema.catalog() + ".expire_snapshots_min_retention = '0s'");
        trino.execute("ALTER TABLE " + table + " EXECUTE expire_snapshots(retention_threshold => '0s')");

        long snapshotsAfter = count(schema.trino("\"expiring$snapshots\""));
        Set<String> liveDataFiles = trino.column("SELECT file_path FROM " + schema.trino("\"expiring$files\"")).stream()
                .map(path -> path.toString().substring(("s3://" + schema.bucket().name() + "/").length()))
                .collect(Collectors.toSet());
        Set<String> dataObjectsAfter = objects(dataPrefix + "expiring").stream().filter(key -> key.contains("/data/"))
                .collect(Collectors.toSet());
        assertThat(snapshotsAfter).as("snapshots after expire_snapshots (%d before)", snapshotsBefore).isEqualTo(1);
        assertThat(dataObjectsAfter).as("data objects left in RGW: exactly the current snapshot's files")
                .isEqualTo(liveDataFiles);
        assertThat(objectsBefore.stream().filter(key -> key.contains("/data/")).count())
                .as("data objects before expiry (original files + compacted)").isGreaterThan(dataObjectsAfter.size());
        assertThat(content(table)).as("row count and content checksums after expiry").isEqualTo(before);
        Figures.record(Checkpoints.ICEBERG_TABLES, "iceberg.expire-snapshots.snapshots.before", snapshotsBefore, "snapshots", "before expire_snapshots (Trino, retention 0s)");
        Figures.record(Checkpoints.ICEBERG_TABLES, "iceberg.expire-snapshots.snapshots.after", snapshotsAfter, "snapshots", "after expire_snapshots");
    }

    @Test
    void removeOrphanFilesRemovesAPlantedOrphanAndNothingElse() {
        String table = tableWithSmallFiles("orphaned", 2);
        List<Object> before = content(table);
        String anyDataFile = trino.scalar("SELECT file_path FROM " + schema.trino("\"orphaned$files\"") + " LIMIT 1").toString();
        String dataDir = anyDataFile.substring(("s3://" + schema.bucket().name() + "/").length(), anyDataFile.lastIndexOf('/') + 1);
        String orphan = dataDir + "orphan-planted-by-suite.parquet";
        schema.bucket().client().putObject(r -> r.bucket(schema.bucket().name()).key(orphan),
                RequestBody.fromString("not referenced by any snapshot"));
        Set<String> objectsBefore = objects(schema.name() + "/orphaned");
        assertThat(objectsBefore).as("objects under the table before the cleanup").contains(orphan);

        trino.execute("SET SESSION " + schema.catalog() + ".remove_orphan_files_min_retention = '0s'");
        trino.execute("ALTER TABLE " + table + " EXECUTE remove_orphan_files(retention_threshold => '0s')");

        Set<String> expected = new HashSet<>(objectsBefore);
        expected.remove(orphan);
        assertThat(objects(schema.name() + "/orphaned")).as("objects under the table after remove_orphan_files: all but the orphan")
                .isEqualTo(expected);
        assertThat(content(table)).as("row count and content checksums after orphan removal").isEqualTo(before);
    }

    private Set<String> objects(String prefix) {
        return S3Clients.list(schema.bucket().client(), schema.bucket().name(), prefix).stream()
                .map(S3Object::key).collect(Collectors.toCollection(HashSet::new));
    }
}
