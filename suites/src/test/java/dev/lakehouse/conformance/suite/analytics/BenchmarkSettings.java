package dev.lakehouse.conformance.suite.analytics;

import dev.lakehouse.conformance.process.ConfigurationException;

/**
 * How many warm-up and measured runs the benchmarks make. The defaults keep the local gate inside
 * its time budget; a run at scale 10 on a real cluster should ask for more (see the README).
 */
record BenchmarkSettings(int warmups, int runs) {
    static final String WARMUPS = "lakehouse.benchmark.warmups";
    static final String RUNS = "lakehouse.benchmark.runs";

    static BenchmarkSettings fromSystemProperties() {
        return new BenchmarkSettings(count(WARMUPS, 1, 0), count(RUNS, 3, 2));
    }

    private static int count(String setting, int defaultValue, int minimum) {
        String value = System.getProperty(setting, "").trim();
        if (value.isEmpty()) {
            return defaultValue;
        }
        try {
            int count = Integer.parseInt(value);
            if (count >= minimum) {
                return count;
            }
        } catch (NumberFormatException e) {
            // reported below with the fix
        }
        throw new ConfigurationException(setting, "'" + value + "' is not a whole number of at least " + minimum,
                "pass e.g. -D" + setting + "=" + defaultValue + " (default " + defaultValue + ")");
    }

    String describe() {
        return warmups + " warm-up run" + (warmups == 1 ? "" : "s") + ", then " + runs + " measured";
    }
}
