package dev.lakehouse.conformance.report;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * The evaluated state of one catalogue checkpoint.
 *
 * @param reason  why it has its verdict, in one line
 * @param criteria its criteria (the plan's checklist items) with their verdicts
 * @param tests   the records of the tests that cover it
 * @param counts  how many of those passed, failed and were skipped
 * @param logs    for a FAILed checkpoint, the logs of its components (name to path); empty otherwise
 */
@JsonPropertyOrder({"id", "title", "goal", "goalTitle", "description", "verdict", "reason", "criteria", "counts", "tests", "metrics", "logs"})
public record CheckpointResult(
        String id,
        String title,
        int goal,
        String goalTitle,
        String description,
        Verdict verdict,
        String reason,
        List<CriterionResult> criteria,
        TestCounts counts,
        List<TestRecord> tests,
        List<MetricResult> metrics,
        Map<String, String> logs) {

    /** Numbers of passed, failed and skipped (NA) test records. */
    public record TestCounts(int passed, int failed, int skipped) {
        public static TestCounts of(List<TestRecord> records) {
            return new TestCounts(
                    (int) records.stream().filter(r -> r.status() == TestStatus.PASS).count(),
                    (int) records.stream().filter(r -> r.status() == TestStatus.FAIL).count(),
                    (int) records.stream().filter(r -> r.status() == TestStatus.NA).count());
        }

        public int total() {
            return passed + failed + skipped;
        }
    }

    /** E.g. "2 of 3 criteria verified; 3 tests: 2 passed, 1 skipped; 2 figures" — how much evidence the verdict rests on. */
    public String evidence() {
        StringBuilder text = new StringBuilder();
        long verified = criteria.stream().filter(CriterionResult::verified).count();
        text.append(verified).append(" of ").append(criteria.size()).append(criteria.size() == 1 ? " criterion" : " criteria")
                .append(" verified; ");
        if (counts.total() == 0) {
            text.append("no tests");
        } else {
            text.append(counts.total()).append(counts.total() == 1 ? " test: " : " tests: ");
            StringBuilder parts = new StringBuilder();
            append(parts, counts.passed(), "passed");
            append(parts, counts.failed(), "failed");
            append(parts, counts.skipped(), "skipped");
            text.append(parts);
        }
        long measured = metrics.stream().filter(m -> m.value() != null).count();
        text.append("; ").append(measured).append(measured == 1 ? " figure" : " figures");
        return text.toString();
    }

    private static void append(StringBuilder parts, int count, String word) {
        if (count > 0) {
            parts.append(parts.length() == 0 ? "" : ", ").append(count).append(' ').append(word);
        }
    }
}
