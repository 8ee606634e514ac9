package dev.lakehouse.conformance.report;

/**
 * Verdict of a criterion (PASS, FAIL, NOT VERIFIED), of a checkpoint (also PARTIAL: some criteria pass, none fail),
 * and of the release gate as a whole (only ever PASS or FAIL).
 */
public enum Verdict {
    PASS("PASS"),
    PARTIAL("PARTIAL"),
    FAIL("FAIL"),
    NOT_VERIFIED("NOT VERIFIED");

    private final String label;

    Verdict(String label) {
        this.label = label;
    }

    /** The human-readable form used in gate.md, gate.html and on the console. */
    public String label() {
        return label;
    }
}
