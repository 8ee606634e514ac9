package dev.lakehouse.conformance.report;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * The evaluated state of one criterion: PASS, FAIL or NOT VERIFIED, never PARTIAL.
 *
 * @param reason  why it has its verdict, in one line
 * @param tests   the names of the tests that declared it, with their status ("PASS S3IntegrationTest > ...")
 * @param metrics the ids of the metrics that belong to it
 */
@JsonPropertyOrder({"id", "title", "shows", "verdict", "reason", "tests", "metrics"})
public record CriterionResult(String id, String title, String shows, Verdict verdict, String reason, List<String> tests,
                              List<String> metrics) {
    public CriterionResult {
        tests = tests == null ? List.of() : List.copyOf(tests);
        metrics = metrics == null ? List.of() : List.copyOf(metrics);
    }

    public boolean verified() {
        return verdict == Verdict.PASS;
    }
}
