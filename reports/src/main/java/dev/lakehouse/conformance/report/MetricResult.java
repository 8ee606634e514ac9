package dev.lakehouse.conformance.report;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * A metric of a checkpoint (or of the environment) with its measured figure, if any.
 *
 * @param target  null when the metric is only recorded
 * @param value   the measured value (the last figure with this id), null when not measured
 * @param unit    the catalogue's unit, or the figure's for a metric the catalogue does not define
 * @param criterion the criterion the metric belongs to, null when none
 * @param test    the test that measured the figure, null when not measured or measured by the environment
 * @param note    remarks, e.g. "not in the catalogue", a unit mismatch, or where the value came from
 */
@JsonPropertyOrder({"id", "description", "unit", "target", "gating", "criterion", "value", "status", "detail", "samples", "test", "note"})
public record MetricResult(
        String id,
        String description,
        String unit,
        MetricTarget target,
        boolean gating,
        String criterion,
        Double value,
        MetricStatus status,
        String detail,
        List<Double> samples,
        String test,
        String note) {

    public MetricResult {
        samples = samples == null ? List.of() : List.copyOf(samples);
    }

    /** A gating metric whose figure misses its target (or cannot be compared with it). */
    public boolean failsGate() {
        return gating && (status == MetricStatus.MISSED || status == MetricStatus.UNIT_MISMATCH);
    }

    /** E.g. "trino.query.p95.seconds = 12.5 s (target <= 10 s)". */
    public String describeMeasurement() {
        String measured = value == null ? id + " not measured" : id + " = " + Numbers.withUnit(value, unit);
        return target == null ? measured : measured + " (target " + target.describe(unit) + ")";
    }
}
