package dev.lakehouse.conformance.report;

/** Verdict of one checkpoint, and of the release gate as a whole (which is only ever PASS or FAIL). */
public enum Verdict {
    PASS("PASS"),
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
