package dev.lakehouse.conformance.report;

/** A metric's target: the measured value must be {@code <=} or {@code >=} {@code value}. */
public record MetricTarget(String comparison, double value) {
    public static final String AT_MOST = "<=";
    public static final String AT_LEAST = ">=";

    public MetricTarget {
        if (!AT_MOST.equals(comparison) && !AT_LEAST.equals(comparison)) {
            throw new IllegalArgumentException(
                    "target comparison must be \"<=\" or \">=\", got " + (comparison == null ? "nothing" : "\"" + comparison + "\""));
        }
    }

    public boolean isMetBy(double measured) {
        return AT_MOST.equals(comparison) ? measured <= value : measured >= value;
    }

    /** E.g. {@code <= 60 s}. */
    public String describe(String unit) {
        return comparison + " " + Numbers.format(value) + (unit == null || unit.isBlank() ? "" : " " + unit);
    }
}
