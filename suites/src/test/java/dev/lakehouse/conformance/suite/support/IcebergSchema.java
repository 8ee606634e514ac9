package dev.lakehouse.conformance.suite.support;

import dev.lakehouse.conformance.target.Target;

/**
 * An Iceberg schema of the run's own, in a bucket of its own ({@code s3://<bucket>/<schema>}),
 * with the Trino session that made it. Trino names tables {@code <catalog>.<schema>.<table>};
 * Spark, whose default catalog is the platform's Iceberg catalog, names them {@code <schema>.<table>}.
 * On close every table is dropped (with its files), then the schema, the bucket and the session.
 */
public final class IcebergSchema implements AutoCloseable {
    private final TrinoSession session;
    private final ScratchBucket bucket;
    private final String catalog;
    private final String name;

    private IcebergSchema(TrinoSession session, ScratchBucket bucket, String catalog, String name) {
        this.session = session;
        this.bucket = bucket;
        this.catalog = catalog;
        this.name = name;
    }

    public static IcebergSchema create(Target target, String purpose) {
        return create(target, purpose, Names.sql(target, purpose));
    }

    /**
     * A schema of the given name (one the platform's configuration names, e.g. a schema its maintenance DAG
     * maintains), made by the run in a bucket of its own and dropped on close like any other.
     */
    public static IcebergSchema named(Target target, String name) {
        return create(target, "named", name);
    }

    private static IcebergSchema create(Target target, String purpose, String name) {
        TrinoSession session = new TrinoSession(target.trino());
        ScratchBucket bucket = null;
        try {
            bucket = ScratchBucket.create(target, purpose.replace('_', '-'));
            String catalog = TrinoCatalogs.iceberg(session, target.trino());
            session.execute("CREATE SCHEMA " + catalog + "." + name
                    + " WITH (location = 's3://" + bucket.name() + "/" + name + "')");
            return new IcebergSchema(session, bucket, catalog, name);
        } catch (RuntimeException e) {
            if (bucket != null) {
                bucket.close();
            }
            session.close();
            throw e;
        }
    }

    /** The Trino session the schema was made with; closed with the schema. */
    public TrinoSession session() {
        return session;
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
            for (Object table : session.column("SHOW TABLES FROM " + catalog + "." + name)) {
                session.execute("DROP TABLE IF EXISTS " + trino(table.toString()));
            }
            session.execute("DROP SCHEMA IF EXISTS " + catalog + "." + name);
        } finally {
            try {
                bucket.close();
            } finally {
                session.close();
            }
        }
    }
}
