package dev.lakehouse.conformance.suite.support;

import dev.lakehouse.conformance.target.Target;

/**
 * An Iceberg schema of the run's own, in a bucket of its own: {@code s3://<bucket>/<schema>}.
 * Trino names tables {@code <catalog>.<schema>.<table>}; Spark, whose default catalog is the
 * platform's Iceberg catalog, names them {@code <schema>.<table>}. On close every table is dropped
 * (with its files), then the schema and the bucket.
 */
public final class IcebergSchema implements AutoCloseable {
    private final TrinoSession trino;
    private final ScratchBucket bucket;
    private final String catalog;
    private final String name;

    private IcebergSchema(TrinoSession trino, ScratchBucket bucket, String catalog, String name) {
        this.trino = trino;
        this.bucket = bucket;
        this.catalog = catalog;
        this.name = name;
    }

    public static IcebergSchema create(Target target, TrinoSession trino, String purpose) {
        ScratchBucket bucket = ScratchBucket.create(target, purpose.replace('_', '-'));
        String name = Names.sql(target, purpose);
        String catalog = target.trino().icebergCatalog();
        try {
            trino.execute("CREATE SCHEMA " + catalog + "." + name
                    + " WITH (location = 's3://" + bucket.name() + "/" + name + "')");
        } catch (RuntimeException e) {
            bucket.close();
            throw e;
        }
        return new IcebergSchema(trino, bucket, catalog, name);
    }

    public String name() {
        return name;
    }

    public String catalog() {
        return catalog;
    }

    public ScratchBucket bucket() {
        return bucket;
    }

    /** {@code catalog.schema.table} for Trino. */
    public String trino(String table) {
        return catalog + "." + name + "." + table;
    }

    /** {@code schema.table} for Spark (its default catalog is the Iceberg catalog). */
    public String spark(String table) {
        return name + "." + table;
    }

    @Override
    public void close() {
        try {
            for (Object table : trino.column("SHOW TABLES FROM " + catalog + "." + name)) {
                trino.execute("DROP TABLE IF EXISTS " + trino(table.toString()));
            }
            trino.execute("DROP SCHEMA IF EXISTS " + catalog + "." + name);
        } finally {
            bucket.close();
        }
    }
}
