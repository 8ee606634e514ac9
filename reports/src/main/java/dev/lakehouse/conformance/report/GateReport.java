package dev.lakehouse.conformance.report;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * The evaluated release gate: what {@link GateEvaluator} makes of a run, and what the writers render.
 *
 * @param verdict            PASS or FAIL
 * @param gateReasons        why the gate FAILed (empty when it passes)
 * @param environment        environment.json as read, null when it was missing
 * @param environmentMetrics the environment's own metrics (e.g. ready time)
 * @param timeline           components' starts, suites and tests on one time axis, with the machine's CPU use
 * @param unknownCheckpoints test records and figures that name a checkpoint not in the catalogue
 * @param unmappedTests      test records that name no checkpoint at all
 * @param secretFindings     the run's own secrets found in what the platform wrote (each fails the gate)
 * @param records            every test record, as read
 * @param figures            every figure, as read
 */
@JsonPropertyOrder({"schemaVersion", "verdict", "generatedAt", "gateReasons", "summary", "completeness", "inputs", "notes",
        "environment", "environmentMetrics", "timeline", "checkpoints", "unknownCheckpoints", "unmappedTests", "secretFindings", "records", "figures"})
public record GateReport(
        int schemaVersion,
        Verdict verdict,
        String generatedAt,
        List<String> gateReasons,
        Summary summary,
        Completeness completeness,
        Map<String, String> inputs,
        List<String> notes,
        EnvironmentInfo environment,
        List<MetricResult> environmentMetrics,
        RunTimeline timeline,
        List<CheckpointResult> checkpoints,
        List<UnknownReference> unknownCheckpoints,
        List<TestRecord> unmappedTests,
        List<SecretFinding> secretFindings,
        List<TestRecord> records,
        List<Figure> figures) {

    public static final int SCHEMA_VERSION = 2;

    /** Counts of criteria and checkpoints by verdict and of test records by status. */
    public record Summary(int criteria, int criteriaVerified, int criteriaFailed, int criteriaNotVerified,
                          int checkpoints, int passed, int partial, int failed, int notVerified,
                          int tests, int testsPassed, int testsFailed, int testsSkipped, int figures) {
    }

    /**
     * Whether results.jsonl holds a record for every test failsafe ran.
     *
     * @param checked       false when no failsafe summary was given
     * @param complete      false only when the check found a difference
     * @param expectedTests failsafe's {@code completed} count, null when not checked
     * @param recordedTests records in results.jsonl with a test method (class-level records excluded)
     */
    public record Completeness(boolean checked, boolean complete, Integer expectedTests, int recordedTests, String message) {
    }

    /** A test record or figure naming a checkpoint or criterion id that is not in the catalogue. */
    public record UnknownReference(String checkpoint, String kind, String name, String status) {
    }

    public CheckpointResult checkpoint(String id) {
        return checkpoints.stream().filter(c -> c.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no checkpoint " + id + " in the report"));
    }
}
