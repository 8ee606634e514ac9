package dev.lakehouse.conformance.report;

import java.util.List;

/**
 * A checkpoint of the platform plan, as the catalogue defines it.
 *
 * @param title      the plan's title
 * @param goal       number of the goal it belongs to
 * @param components components whose logs are linked when the checkpoint fails (a log label matches a component
 *                   when it equals it or starts with it and a dash)
 * @param criteria   the plan's checklist items
 * @param metrics    its success metrics and figures
 */
public record Checkpoint(
        String id,
        String title,
        int goal,
        String description,
        List<String> components,
        List<Criterion> criteria,
        List<MetricDefinition> metrics) {

    public Checkpoint {
        components = components == null ? List.of() : List.copyOf(components);
        criteria = criteria == null ? List.of() : List.copyOf(criteria);
        metrics = metrics == null ? List.of() : List.copyOf(metrics);
    }
}
