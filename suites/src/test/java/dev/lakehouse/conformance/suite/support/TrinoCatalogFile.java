package dev.lakehouse.conformance.suite.support;

import dev.lakehouse.conformance.process.ConfigurationException;
import dev.lakehouse.conformance.target.Settings;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * A Trino catalog's file in the platform directory, {@code trino/catalog/<catalog>.properties}: the file the
 * cluster mounts and the local backend copies. Its settings are the deployment's choices; tests read them here
 * (with Trino's defaults for what it leaves out) instead of assuming this repository's values.
 */
public record TrinoCatalogFile(Path file, Properties properties) {
    /** Trino's default {@code iceberg.format-version}. */
    public static final int TRINO_DEFAULT_FORMAT_VERSION = 2;

    public static TrinoCatalogFile of(String catalog) {
        Path file = Settings.fromSystemProperties().platformFile("trino/catalog/" + catalog + ".properties");
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new ConfigurationException("lakehouse.platform.dir", "cannot read " + file + ": " + e.getMessage(),
                    "fix the catalog file");
        }
        return new TrinoCatalogFile(file, properties);
    }

    /** {@code iceberg.file-format}: the format of tables created without one. */
    public IcebergFileFormat fileFormat() {
        String value = properties.getProperty("iceberg.file-format");
        return value == null ? IcebergFileFormat.TRINO_DEFAULT : IcebergFileFormat.parse(value, "iceberg.file-format in " + file);
    }

    /** {@code iceberg.format-version}: the Iceberg format version of tables created without one. */
    public int formatVersion() {
        String value = properties.getProperty("iceberg.format-version");
        try {
            return value == null ? TRINO_DEFAULT_FORMAT_VERSION : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new ConfigurationException("iceberg.format-version in " + file, "'" + value + "' is not a number", "use 1, 2 or 3");
        }
    }
}
