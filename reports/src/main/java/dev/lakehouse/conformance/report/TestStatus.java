package dev.lakehouse.conformance.report;

import java.util.Locale;
import java.util.Optional;

/** Status of one executed test in results.jsonl. NA means skipped or aborted (e.g. a failed JUnit assumption). */
public enum TestStatus {
    PASS,
    FAIL,
    NA;

    /** Parses PASS, FAIL or NA, ignoring case; empty for anything else. */
    public static Optional<TestStatus> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(text.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
