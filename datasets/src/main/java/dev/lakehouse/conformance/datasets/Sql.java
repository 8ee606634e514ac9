package dev.lakehouse.conformance.datasets;

/** Quoting for the SQL this module builds, so names such as {@code sf0.1} need no special care. */
final class Sql {

    private Sql() {
    }

    /** A double-quoted identifier (Trino and ANSI SQL). */
    static String identifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /** A single-quoted string literal. */
    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    static void requireName(String value, String parameter) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(parameter + " is " + (value == null ? "null" : "blank")
                    + "; pass a non-empty value (e.g. catalog \"iceberg\", schema \"tpch_tiny\", "
                    + "location \"s3://bucket/tpch_tiny\")");
        }
    }
}
