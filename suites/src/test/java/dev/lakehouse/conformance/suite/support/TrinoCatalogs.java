package dev.lakehouse.conformance.suite.support;

import dev.lakehouse.conformance.process.ConfigurationException;
import dev.lakehouse.conformance.target.TrinoEndpoint;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trino's catalogs as the coordinator reports them ({@code system.metadata.catalogs}). A catalog's name
 * is the deployment's choice (its file name); the plan asks for connectors, so tests find catalogs by
 * connector, and the Iceberg catalog is the one the target names.
 */
public final class TrinoCatalogs {
    private TrinoCatalogs() {
    }

    /** Catalog name to connector name, as Trino reports them. */
    public static Map<String, String> connectors(TrinoSession trino) {
        Map<String, String> connectors = new LinkedHashMap<>();
        for (List<Object> row : trino.query("SELECT catalog_name, connector_name FROM system.metadata.catalogs ORDER BY catalog_name")) {
            connectors.put(row.get(0).toString(), row.get(1).toString());
        }
        return connectors;
    }

    /** The one catalog of {@code connector} (e.g. "tpch", "memory"); a clear error when there is none or several. */
    public static String byConnector(TrinoSession trino, String connector) {
        Map<String, String> connectors = connectors(trino);
        List<String> names = connectors.entrySet().stream().filter(e -> e.getValue().equals(connector)).map(Map.Entry::getKey).toList();
        if (names.size() != 1) {
            throw new ConfigurationException("trino catalogs", "Trino reports " + names.size() + " catalogs with connector.name="
                    + connector + " (catalogs: " + connectors + ")", "deploy exactly one " + connector + " catalog (k8s-fixtures/trino/catalog)");
        }
        return names.get(0);
    }

    /** The Iceberg catalog the target names, checked against what Trino reports for it. */
    public static String iceberg(TrinoSession trino, TrinoEndpoint endpoint) {
        Map<String, String> connectors = connectors(trino);
        String catalog = endpoint.icebergCatalog();
        if (!"iceberg".equals(connectors.get(catalog))) {
            throw new ConfigurationException("trino.icebergCatalog", "the target's Iceberg catalog '" + catalog
                    + "' is not an Iceberg catalog in Trino (catalogs and connectors: " + connectors + ")",
                    "name the catalog whose connector.name is iceberg");
        }
        return catalog;
    }
}
