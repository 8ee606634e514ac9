package dev.lakehouse.conformance.report;

/**
 * A success metric of a checkpoint, as the catalogue defines it.
 *
 * @param target null when the figure is only recorded
 * @param gating true: a measured figure that misses the target makes the checkpoint FAIL;
 *               false: a miss is shown but does not change the verdict
 */
public record MetricDefinition(String id, String description, String unit, MetricTarget target, boolean gating) {
}
