package dev.lakehouse.conformance.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A bar chart of the Benchmarks section, made of the figures whose attributes hold a {@code "chart"}:
 *
 * <pre>"chart": {"group": "TPC-H query latency, scale tiny (s)", "label": "q01",
 *           "series": {"cold": 1.2, "p50": 0.41, "p95": 0.52}, "unit": "s"}</pre>
 *
 * Figures with the same group form one chart; its labels and series names are in the order they
 * first appear. {@code unit} (the axis label) is optional and defaults to the figure's unit; the first
 * figure of a group sets it. When two figures give a value for the same label and series, the later wins,
 * as for figures with the same id.
 *
 * @param labels the x axis, one group of bars each
 * @param series one bar (and colour) each per label
 * @param values label to series name to value; a label may lack some series
 */
public record BenchmarkChart(String group, String unit, List<String> labels, List<String> series,
                             Map<String, Map<String, Double>> values) {
    public static final String ATTRIBUTE = "chart";

    /** Where one figure goes in its chart. */
    private record Point(String group, String label, String unit, Map<String, Double> series) {
    }

    /** The charts the figures ask for, one per group, in the order the groups first appear. */
    public static List<BenchmarkChart> of(List<Figure> figures) {
        Map<String, List<Point>> byGroup = new LinkedHashMap<>();
        for (Figure figure : figures) {
            point(figure).ifPresent(p -> byGroup.computeIfAbsent(p.group(), g -> new ArrayList<>()).add(p));
        }
        return byGroup.values().stream().map(BenchmarkChart::chart).toList();
    }

    /** Checks a figure's chart attribute; the {@link ReportInputException} says which figure and what is wrong. */
    static void validate(Figure figure) {
        point(figure);
    }

    /** The value of a bar, null when the label has no value for this series. */
    public Double value(String label, String seriesName) {
        return values.getOrDefault(label, Map.of()).get(seriesName);
    }

    private static BenchmarkChart chart(List<Point> points) {
        Map<String, Map<String, Double>> values = new LinkedHashMap<>();
        Set<String> series = new LinkedHashSet<>();
        for (Point point : points) {
            values.computeIfAbsent(point.label(), l -> new LinkedHashMap<>()).putAll(point.series());
            series.addAll(point.series().keySet());
        }
        Point first = points.get(0);
        values.replaceAll((label, bySeries) -> Collections.unmodifiableMap(bySeries));
        return new BenchmarkChart(first.group(), first.unit(), List.copyOf(values.keySet()), List.copyOf(series),
                Collections.unmodifiableMap(values));
    }

    private static Optional<Point> point(Figure figure) {
        if (!figure.attributes().containsKey(ATTRIBUTE)) {
            return Optional.empty();
        }
        if (!(figure.attributes().get(ATTRIBUTE) instanceof Map<?, ?> chart)) {
            throw bad(figure, "attributes.chart must be an object {\"group\": ..., \"label\": ..., \"series\": {...}}, got "
                    + describe(figure.attributes().get(ATTRIBUTE)));
        }
        String group = requiredText(figure, chart, "group");
        String label = requiredText(figure, chart, "label");
        Object unit = chart.get("unit");
        if (unit != null && !(unit instanceof String)) {
            throw bad(figure, "attributes.chart.unit must be a string, got " + describe(unit));
        }
        if (!(chart.get("series") instanceof Map<?, ?> seriesValues) || seriesValues.isEmpty()) {
            throw bad(figure, "attributes.chart.series must be an object of at least one series name to number, "
                    + "e.g. {\"p50\": 0.41, \"p95\": 0.52}, got " + describe(chart, "series"));
        }
        Map<String, Double> series = new LinkedHashMap<>();
        seriesValues.forEach((name, value) -> {
            if (String.valueOf(name).isBlank()) {
                throw bad(figure, "attributes.chart.series names must not be blank");
            }
            if (!(value instanceof Number number)) {
                throw bad(figure, "attributes.chart.series." + describe(name) + " must be a number, got " + describe(value));
            }
            series.put(String.valueOf(name), number.doubleValue());
        });
        return Optional.of(new Point(group, label, unit == null ? figure.unit() : (String) unit, series));
    }

    private static String requiredText(Figure figure, Map<?, ?> chart, String field) {
        Object value = chart.get(field);
        if (!(value instanceof String text) || text.isBlank()) {
            throw bad(figure, "attributes.chart." + field + " must be a non-empty string, got " + describe(chart, field));
        }
        return text;
    }

    private static ReportInputException bad(Figure figure, String problem) {
        return new ReportInputException("figure \"" + figure.id() + "\": " + problem);
    }

    private static String describe(Map<?, ?> chart, String field) {
        return chart.containsKey(field) ? describe(chart.get(field)) : "nothing (the key is missing)";
    }

    /** A value for messages: strings quoted, long values shortened, secrets masked. */
    private static String describe(Object value) {
        String text = value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
        String redacted = Redactor.redact(text);
        return redacted.length() <= 80 ? redacted : redacted.substring(0, 77) + "...";
    }
}
