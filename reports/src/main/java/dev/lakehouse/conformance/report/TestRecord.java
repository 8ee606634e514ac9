package dev.lakehouse.conformance.report;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * One executed test, one line of results.jsonl.
 *
 * @param className   the test class ({@code "class"} in JSON)
 * @param method      the test method; null for a class-level record (e.g. a failing {@code @BeforeAll})
 * @param checkpoints the checkpoint ids the test covers; empty when the test names none
 * @param criteria    the plan criteria the test verifies (its {@code @Verifies}); empty when it names none
 * @param duration    seconds, null when not recorded
 * @param message     for NA the reason it was skipped, for FAIL the failure message
 * @param error       first lines of the stack trace, or null
 * @param start       ISO-8601 start time as written by the listener
 */
@JsonPropertyOrder({"name", "class", "method", "checkpoints", "criteria", "status", "duration", "message", "error", "start"})
public record TestRecord(
        String name,
        @JsonProperty("class") String className,
        String method,
        List<String> checkpoints,
        List<String> criteria,
        TestStatus status,
        Double duration,
        String message,
        String error,
        String start) {

    public TestRecord {
        checkpoints = checkpoints == null ? List.of() : List.copyOf(checkpoints);
        criteria = criteria == null ? List.of() : List.copyOf(criteria);
    }

    /** A record of a test method (not a class-level record). */
    @JsonIgnore
    public boolean isMethodRecord() {
        return method != null;
    }

    /** A short record for tests and simple callers. */
    public static TestRecord of(String name, TestStatus status, String message, String... checkpoints) {
        return new TestRecord(name, null, name, List.of(checkpoints), List.of(), status, null, message, null, null);
    }

    /** A short record of a test verifying criteria (their checkpoints follow from their ids). */
    public static TestRecord verifying(String name, TestStatus status, String message, String... criteria) {
        List<String> checkpoints = java.util.Arrays.stream(criteria).map(Criterion::checkpointOf).distinct().toList();
        return new TestRecord(name, null, name, checkpoints, List.of(criteria), status, null, message, null, null);
    }
}
