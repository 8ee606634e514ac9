package dev.lakehouse.conformance.suite.support;

import java.util.List;

/** Percentiles of measured samples (nearest-rank). */
public final class Stats {
    private Stats() {
    }

    public static double percentile(List<Double> samples, double p) {
        List<Double> sorted = samples.stream().sorted().toList();
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }
}
