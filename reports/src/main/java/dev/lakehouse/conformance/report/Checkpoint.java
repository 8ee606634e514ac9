package dev.lakehouse.conformance.report;

import java.util.List;

/**
 * A checkpoint of the platform plan, as the catalogue defines it.
 *
 * @param goal            number of the goal it belongs to
 * @param successCriteria what the tests have to show, in words
 * @param components      environment components whose logs are linked when the checkpoint fails
 * @param plannedIn       the piece of work that will implement its tests (the NOT VERIFIED reason while none exist)
 * @param metrics         its success metrics
 */
public record Checkpoint(
        String id,
        String title,
        int goal,
        String description,
        List<String> successCriteria,
        List<String> components,
        String plannedIn,
        List<MetricDefinition> metrics) {

    public Checkpoint {
        successCriteria = successCriteria == null ? List.of() : List.copyOf(successCriteria);
        components = components == null ? List.of() : List.copyOf(components);
        metrics = metrics == null ? List.of() : List.copyOf(metrics);
    }
}
