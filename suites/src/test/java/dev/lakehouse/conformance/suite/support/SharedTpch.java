package dev.lakehouse.conformance.suite.support;

import dev.lakehouse.conformance.datasets.LoadReport;
import dev.lakehouse.conformance.datasets.TpchDataset;
import dev.lakehouse.conformance.datasets.TpchScale;
import dev.lakehouse.conformance.datasets.TpchTable;
import dev.lakehouse.conformance.junit.LakehouseExtension;
import dev.lakehouse.conformance.plan.Checkpoints;
import dev.lakehouse.conformance.results.Figures;
import dev.lakehouse.conformance.target.Target;
import java.sql.SQLException;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The TPC-H tables in Iceberg on the RGW, loaded once per run for every suite that reads them
 * (at scale 1 and above a load takes minutes) and dropped when the run ends. Register it in a suite:
 * {@code @RegisterExtension static final SharedTpch TPCH = new SharedTpch();} and read
 * {@code TPCH.table(TpchTable.ORDERS)}. Suites must not write into these tables.
 */
public final class SharedTpch implements BeforeAllCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedTpch.class);

    private Loaded loaded;

    @Override
    public void beforeAll(ExtensionContext context) {
        Target target = LakehouseExtension.target(context);
        loaded = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent("tpch", key -> Loaded.load(target), Loaded.class);
    }

    /** {@code catalog.schema.table} of the Iceberg copy. */
    public String table(TpchTable table) {
        return schema() + "." + table.tableName();
    }

    /** {@code catalog.schema} of the Iceberg copies. */
    public String schema() {
        return loaded().catalog + "." + loaded().schema;
    }

    public String catalog() {
        return loaded().catalog;
    }

    /** The schema name alone (Spark names tables {@code schema.table}). */
    public String schemaName() {
        return loaded().schema;
    }

    /**
     * {@code <tpch catalog>."<scale>"}: the same data straight from Trino's generator, the oracle for results
     * (quoted: fractional scales such as {@code sf0.1} are not plain identifiers).
     */
    public String oracleSchema() {
        return loaded().tpchCatalog + ".\"" + scale().tpchSchema() + "\"";
    }

    public TpchScale scale() {
        return loaded().scale;
    }

    public LoadReport loadReport() {
        return loaded().report;
    }

    private Loaded loaded() {
        if (loaded == null) {
            throw new IllegalStateException("SharedTpch is used before its beforeAll ran: register it with @RegisterExtension on a static field");
        }
        return loaded;
    }

    /** The loaded tables; closing it (at the end of the run) drops them with their bucket. */
    private static final class Loaded implements ExtensionContext.Store.CloseableResource {
        private final TrinoSession session;
        private final ScratchBucket bucket;
        private final String tpchCatalog;
        private final String catalog;
        private final String schema;
        private final TpchScale scale;
        private LoadReport report;

        private Loaded(TrinoSession session, ScratchBucket bucket, String tpchCatalog, String catalog, String schema, TpchScale scale) {
            this.session = session;
            this.bucket = bucket;
            this.tpchCatalog = tpchCatalog;
            this.catalog = catalog;
            this.schema = schema;
            this.scale = scale;
        }

        static Loaded load(Target target) {
            TpchScale scale = TpchScale.fromSystemProperties();
            TrinoSession session = new TrinoSession(target.trino());
            Loaded loaded = null;
            try {
                String tpchCatalog = TrinoCatalogs.byConnector(session, "tpch");
                String icebergCatalog = TrinoCatalogs.iceberg(session, target.trino());
                loaded = new Loaded(session, ScratchBucket.create(target, "tpch"), tpchCatalog, icebergCatalog,
                        Names.sql(target, "tpch"), scale);
                loaded.report = TpchDataset.load(session.connection(), tpchCatalog, loaded.catalog, loaded.schema,
                        "s3://" + loaded.bucket.name() + "/" + loaded.schema, scale);
                recordFigures(loaded.report, scale, IcebergFileFormat.ofTable(session, loaded.catalog, loaded.schema,
                        TpchTable.LINEITEM.tableName()));
                return loaded;
            } catch (SQLException | RuntimeException e) {
                if (loaded != null) {
                    loaded.close();
                } else {
                    session.close();
                }
                throw new IllegalStateException("loading TPC-H " + scale.tpchSchema() + " into Iceberg failed: " + e.getMessage(), e);
            }
        }

        private static void recordFigures(LoadReport load, TpchScale scale, IcebergFileFormat format) {
            Figures.record(Checkpoints.QUERY_PERFORMANCE, "datasets.tpch.load.throughput", load.megabytesPerSecond(), "MB/s",
                    "Trino CTAS from the tpch connector into Iceberg on RGW: " + load.summary());
            Figures.record(Checkpoints.QUERY_PERFORMANCE, "datasets.tpch.load.rows", load.totalRows(), "rows",
                    "TPC-H " + scale.tpchSchema() + " (scale factor " + scale.scaleFactor() + "), 8 tables");
            Figures.record(Checkpoints.QUERY_PERFORMANCE, "datasets.tpch.load.bytes", load.totalBytes(), "bytes", format + " data files written");
            Figures.record(Checkpoints.QUERY_PERFORMANCE, "datasets.tpch.load.files", load.totalDataFiles(), "files", "data files written");
        }

        @Override
        public void close() {
            try {
                TpchDataset.drop(session.connection(), catalog, schema);
            } catch (SQLException e) {
                throw new IllegalStateException("dropping the TPC-H tables of " + catalog + "." + schema + " failed: " + e.getMessage(), e);
            } finally {
                try {
                    bucket.close();
                } finally {
                    session.close();
                }
            }
        }
    }
}
