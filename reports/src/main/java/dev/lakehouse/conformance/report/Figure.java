package dev.lakehouse.conformance.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One measured figure, one line of figures.jsonl.
 *
 * @param checkpoint a checkpoint id, or {@code "environment"}
 * @param id         the metric id, e.g. {@code s3.put.throughput}
 * @param detail     how it was measured, e.g. "64 MiB object, 5 measured runs, p50"
 * @param samples    the individual measurements, if recorded
 * @param attributes free-form JSON values in the order they were written (maps, lists, strings, numbers,
 *                   booleans); {@code "chart"} places the figure in a {@link BenchmarkChart}. Never null.
 * @param test       the test that measured it, null for the environment's own figures
 */
public record Figure(String checkpoint, String id, double value, String unit, String detail, List<Double> samples,
                     Map<String, Object> attributes, String test) {
    public Figure {
        samples = samples == null ? List.of() : List.copyOf(samples);
        attributes = attributes == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    /** A figure without attributes. */
    public Figure(String checkpoint, String id, double value, String unit, String detail, List<Double> samples) {
        this(checkpoint, id, value, unit, detail, samples, Map.of(), null);
    }

    /** A figure that names no test. */
    public Figure(String checkpoint, String id, double value, String unit, String detail, List<Double> samples,
                  Map<String, Object> attributes) {
        this(checkpoint, id, value, unit, detail, samples, attributes, null);
    }
}
