package dev.lakehouse.conformance.report;

import java.util.Arrays;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A success metric of a checkpoint, as the catalogue defines it. An id with a {@code *} segment
 * ({@code tpch.*.seconds}) defines a family: every figure whose id matches (one segment, no dots, in
 * place of the {@code *}) is measured against it.
 *
 * @param target null when the figure is only recorded
 * @param gating    true: a figure that misses the target FAILs its criterion (the checkpoint when it names none), and one
 *                  not measured leaves its criterion NOT VERIFIED; false: a miss keeps the checkpoint from PASS, no more
 * @param criterion the criterion whose verdict the metric is part of, null when none
 */
public record MetricDefinition(String id, String description, String unit, MetricTarget target, boolean gating, String criterion) {

    /** A metric that belongs to no criterion. */
    public MetricDefinition(String id, String description, String unit, MetricTarget target, boolean gating) {
        this(id, description, unit, target, gating, null);
    }

    public boolean isFamily() {
        return id.contains("*");
    }

    /** Whether a figure id belongs to this family. */
    public boolean covers(String figureId) {
        return isFamily() && figureId.matches(
                Arrays.stream(id.split("\\*", -1)).map(Pattern::quote)
                        .collect(Collectors.joining("[^.]+")));
    }

    /** This family's definition for one of its figures. */
    public MetricDefinition member(String figureId) {
        return new MetricDefinition(figureId, description, unit, target, gating, criterion);
    }
}
