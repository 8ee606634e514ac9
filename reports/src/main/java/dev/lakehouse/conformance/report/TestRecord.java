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
 * @param knownDefects ids of known platform defects the test may hit (its {@code @KnownDefect}, known-defects.yaml); empty when none
 * @param s3Operations the S3 operations the test exercises and asserts on, e.g. UploadPartCopy; empty when it names none
 */
@JsonPropertyOrder({"name", "class", "method", "checkpoints", "criteria", "status", "duration", "message", "error", "start",
        "knownDefects", "s3Operations"})
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
        String start,
        List<String> knownDefects,
        List<String> s3Operations) {

    public TestRecord {
        checkpoints = checkpoints == null ? List.of() : List.copyOf(checkpoints);
        criteria = criteria == null ? List.of() : List.copyOf(criteria);
        knownDefects = knownDefects == null ? List.of() : List.copyOf(knownDefects);
        s3Operations = s3Operations == null ? List.of() : List.copyOf(s3Operations);
    }

    /** A record naming no known defects and no S3 operations. */
    public TestRecord(String name, String className, String method, List<String> checkpoints, List<String> criteria,
                      TestStatus status, Double duration, String message, String error, String start) {
        this(name, className, method, checkpoints, criteria, status, duration, message, error, start, List.of(), List.of());
    }

    /** This record naming known defects it may hit. */
    public TestRecord withKnownDefects(String... ids) {
        return new TestRecord(name, className, method, checkpoints, criteria, status, duration, message, error, start,
                List.of(ids), s3Operations);
    }

    /** This record naming the S3 operations it exercises. */
    public TestRecord withS3Operations(String... operations) {
        return new TestRecord(name, className, method, checkpoints, criteria, status, duration, message, error, start,
                knownDefects, List.of(operations));
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
