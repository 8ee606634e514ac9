package dev.lakehouse.conformance.datasets;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A TPC-H scale factor the suite can load, chosen with {@value #SETTING}.
 *
 * <p>Trino's TPC-H connector lists only {@code tiny} and a few large {@code sfN} schemas, but it
 * answers any {@code sf<number>} schema name, including fractional ones such as {@code "sf0.1"}
 * (which must then be quoted in SQL: {@code tpch."sf0.1".orders}).
 */
public enum TpchScale {
    /** sf0.01: about 10 MB of source data, seconds to load; the default for a fast local gate. */
    TINY(0.01, "tiny", "tiny", "sf0.01", "0.01"),
    /** About 100 MB of source data; fine on a laptop. */
    SF0_1(0.1, "sf0.1", "0.1", "sf0.1"),
    /** About 1 GB of source data; still works locally, in minutes. */
    SF1(1, "sf1", "1", "sf1"),
    /** About 10 GB of source data; meant for a real cluster. */
    SF10(10, "sf10", "10", "sf10");

    /** The system property (and settings key) that selects the scale. */
    public static final String SETTING = "lakehouse.datasets.tpch-scale";

    /** What an unset or blank {@value #SETTING} means. */
    public static final TpchScale DEFAULT = TINY;

    private final double scaleFactor;
    private final String tpchSchema;
    private final List<String> spellings;

    TpchScale(double scaleFactor, String tpchSchema, String... spellings) {
        this.scaleFactor = scaleFactor;
        this.tpchSchema = tpchSchema;
        this.spellings = List.of(spellings);
    }

    public double scaleFactor() {
        return scaleFactor;
    }

    /** The schema of Trino's {@code tpch} catalog holding this scale, unquoted (e.g. {@code sf0.1}). */
    public String tpchSchema() {
        return tpchSchema;
    }

    /**
     * Parses a setting value such as {@code tiny}, {@code 0.1}, {@code sf1} or {@code 10}
     * (case and surrounding blanks ignored); null or blank gives {@link #DEFAULT}.
     */
    public static TpchScale parse(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT;
        }
        String wanted = value.trim().toLowerCase(Locale.ROOT);
        for (TpchScale scale : values()) {
            if (scale.spellings.contains(wanted)) {
                return scale;
            }
        }
        throw new IllegalArgumentException("Unknown TPC-H scale '" + value + "' in " + SETTING
                + "; use one of " + allowedValues() + " (e.g. -D" + SETTING + "=0.1)");
    }

    /** The scale chosen by the {@value #SETTING} system property, or {@link #DEFAULT}. */
    public static TpchScale fromSystemProperties() {
        return parse(System.getProperty(SETTING));
    }

    /** Every accepted spelling, for messages and documentation. */
    public static String allowedValues() {
        return Arrays.stream(values())
                .map(scale -> String.join("/", scale.spellings))
                .collect(Collectors.joining(", "));
    }
}
