package dev.lakehouse.conformance.report;

import java.util.List;

/**
 * One measured figure, one line of figures.jsonl.
 *
 * @param checkpoint a checkpoint id, or {@code "environment"}
 * @param id         the metric id, e.g. {@code s3.put.throughput}
 * @param detail     how it was measured, e.g. "64 MiB object, 5 measured runs, p50"
 * @param samples    the individual measurements, if recorded
 */
public record Figure(String checkpoint, String id, double value, String unit, String detail, List<Double> samples) {
    public Figure {
        samples = samples == null ? List.of() : List.copyOf(samples);
    }
}
