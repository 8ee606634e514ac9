package dev.lakehouse.conformance.suite.support;

import dev.lakehouse.conformance.process.ConfigurationException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The data file formats an Iceberg catalog may write. Which one a table uses is the deployment's choice
 * ({@code iceberg.file-format} of the Trino catalog, or the table's {@code format}): tests read it from
 * the table as Trino reports it and check the stored objects against it.
 */
public enum IcebergFileFormat {
    /** "PAR1" opens and closes the file. */
    PARQUET("PAR1", "PAR1", 0),
    /** "ORC" opens the file; the postscript ends with "ORC", followed by one byte: the postscript's length. */
    ORC("ORC", "ORC", 1),
    /** "Obj" and version 1 open an Avro container file; nothing marks its end. */
    AVRO("Obj\u0001", "", 0);

    /** Trino's default for {@code iceberg.file-format}. */
    public static final IcebergFileFormat TRINO_DEFAULT = PARQUET;

    private final String head;
    private final String tail;
    private final int bytesAfterTail;

    IcebergFileFormat(String head, String tail, int bytesAfterTail) {
        this.head = head;
        this.tail = tail;
        this.bytesAfterTail = bytesAfterTail;
    }

    /** The magic bytes at a file's start and end. */
    public record Magic(String head, String tail) {
    }

    public Magic expectedMagic() {
        return new Magic(head, tail);
    }

    /** The bytes of {@code key} where this format's magic must be, read with two ranged GETs. */
    public Magic readMagic(S3Client s3, String bucket, String key) {
        long size = s3.headObject(r -> r.bucket(bucket).key(key)).contentLength();
        String start = range(s3, bucket, key, 0, head.length());
        long tailStart = size - bytesAfterTail - tail.length();
        String end = tail.isEmpty() ? "" : range(s3, bucket, key, tailStart, tail.length());
        return new Magic(start, end);
    }

    private static String range(S3Client s3, String bucket, String key, long from, int length) {
        byte[] bytes = s3.getObjectAsBytes(r -> r.bucket(bucket).key(key).range("bytes=" + from + "-" + (from + length - 1)))
                .asByteArray();
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    public static IcebergFileFormat parse(String value, String setting) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(setting, "'" + value + "' is not an Iceberg data file format",
                    "use PARQUET, ORC or AVRO");
        }
    }

    /** A table's format as Trino reports it: its {@code write.format.default} (Iceberg writes Parquet without one). */
    public static IcebergFileFormat ofTable(TrinoSession trino, String catalog, String schema, String table) {
        var rows = trino.column("SELECT value FROM " + catalog + "." + schema + ".\"" + table + "$properties\""
                + " WHERE key = 'write.format.default'");
        return rows.isEmpty() ? PARQUET : parse(rows.get(0).toString(), "write.format.default of " + table);
    }
}
