package dev.lakehouse.conformance.report;

/** How a measured figure compares with its catalogue target. */
public enum MetricStatus {
    MET("met"),
    MISSED("missed"),
    NO_TARGET("no target"),
    NOT_MEASURED("not measured"),
    /** The figure's unit differs from the catalogue's, so it cannot be compared with the target. */
    UNIT_MISMATCH("unit mismatch");

    private final String label;

    MetricStatus(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
