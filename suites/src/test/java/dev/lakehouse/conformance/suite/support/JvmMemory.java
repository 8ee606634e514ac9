package dev.lakehouse.conformance.suite.support;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** JVM and Spark memory sizes as their settings write them: {@code -Xmx30G}, {@code -Xmx3g}, Spark's {@code 2g}, {@code 512m}. */
public final class JvmMemory {
    private static final Pattern XMX = Pattern.compile("(?:^|\\s)-Xmx(\\d+)([kKmMgGtT]?)(?=\\s|$)");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([kKmMgGtT])?[bB]?");
    public static final long MIB = 1024L * 1024;

    private JvmMemory() {
    }

    /** The last {@code -Xmx} of a command line or options file (the JVM takes the last one), in bytes. */
    public static Optional<Long> maxHeap(String options) {
        Matcher m = XMX.matcher(options == null ? "" : options);
        Long last = null;
        while (m.find()) {
            last = Long.parseLong(m.group(1)) * unit(m.group(2));
        }
        return Optional.ofNullable(last);
    }

    /** A Spark size ({@code spark.executor.memory}, {@code memoryOverhead}): a number with an optional k/m/g/t; plain numbers are MiB. */
    public static long sparkSize(String value) {
        Matcher m = SIZE.matcher(value.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a Spark memory size: '" + value + "'");
        }
        return Long.parseLong(m.group(1)) * (m.group(2) == null ? MIB : unit(m.group(2)));
    }

    public static String describe(long bytes) {
        return bytes % (1024 * MIB) == 0 ? bytes / (1024 * MIB) + " GiB" : bytes / MIB + " MiB";
    }

    private static long unit(String suffix) {
        return switch (suffix.toLowerCase(Locale.ROOT)) {
            case "" -> 1;
            case "k" -> 1024;
            case "m" -> MIB;
            case "g" -> 1024 * MIB;
            case "t" -> 1024 * 1024 * MIB;
            default -> throw new IllegalArgumentException("unit " + suffix);
        };
    }
}
