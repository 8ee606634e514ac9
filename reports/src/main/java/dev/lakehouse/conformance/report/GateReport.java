package dev.lakehouse.conformance.report;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * The evaluated release gate: what {@link GateEvaluator} makes of a run, and what the writers render.
 *
 * @param verdict            PASS or FAIL
 * @param gateReasons        why the gate FAILed, then the checkpoints that FAILed only through accepted known defects
 *                           ("accepted known defects (not failing the gate): ..."); empty when the gate passes with
 *                           nothing accepted
 * @param environment        environment.json as read, null when it was missing
 * @param environmentMetrics the environment's own metrics (e.g. ready time)
 * @param timeline           components' starts, suites and tests on one time axis, with the machine's CPU use
 * @param unknownCheckpoints test records and figures that name a checkpoint not in the catalogue
 * @param unmappedTests      test records that name no checkpoint at all
 * @param secretFindings     the run's own secrets found in what the platform wrote (each fails the gate)
 * @param records            every test record, as read
 * @param figures            every figure, as read
 * @param knownDefects       what the known defects the tests name mean on this environment
 * @param s3Operations       the S3 operations the platform sent and the 1.1 tests covering them
 * @param restarts           components that died during the run and were restarted
 */
@JsonPropertyOrder({"schemaVersion", "verdict", "generatedAt", "gateReasons", "summary", "completeness", "inputs", "notes",
        "environment", "environmentMetrics", "timeline", "knownDefects", "s3Operations", "restarts", "checkpoints", "unknownCheckpoints",
        "unmappedTests", "secretFindings", "records", "figures"})
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
        List<Figure> figures,
        KnownDefectFindings knownDefects,
        S3OperationCoverage s3Operations,
        List<ComponentRestart> restarts) {

    public static final int SCHEMA_VERSION = 3;

    public GateReport {
        knownDefects = knownDefects == null ? KnownDefectFindings.none() : knownDefects;
        s3Operations = s3Operations == null ? S3OperationCoverage.of(null, List.of()) : s3Operations;
        restarts = restarts == null ? List.of() : List.copyOf(restarts);
    }

    /**
     * Counts of criteria and checkpoints by verdict and of test records by status, and what must never be overlooked:
     * known-defect failures, stale known defects, components restarted.
     *
     * @param testsFailedKnownDefect  failed tests explained by a known defect (FAIL (KNOWN DEFECT)), among testsFailed
     * @param knownDefectFailures     those tests, "FAIL (KNOWN DEFECT <id>) <test>"
     * @param knownDefectsAccepted    those of them the gate's policy accepts
     * @param staleKnownDefects       known defects that no longer reproduce, one message each
     * @param componentRestarts       components that died during the run and were restarted
     */
    public record Summary(int criteria, int criteriaVerified, int criteriaFailed, int criteriaNotVerified,
                          int checkpoints, int passed, int partial, int failed, int notVerified,
                          int tests, int testsPassed, int testsFailed, int testsSkipped, int figures,
                          int testsFailedKnownDefect, List<String> knownDefectFailures, int knownDefectsAccepted,
                          List<String> staleKnownDefects, int componentRestarts) {
        public Summary {
            knownDefectFailures = knownDefectFailures == null ? List.of() : List.copyOf(knownDefectFailures);
            staleKnownDefects = staleKnownDefects == null ? List.of() : List.copyOf(staleKnownDefects);
        }
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

    /** The gate reasons that list accepted known defects (they do not fail the gate). */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public List<String> acceptedKnownDefectReasons() {
        return gateReasons.stream().filter(r -> r.startsWith(ACCEPTED_PREFIX)).toList();
    }

    /** The gate reasons that fail the gate. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public List<String> blockingReasons() {
        return gateReasons.stream().filter(r -> !r.startsWith(ACCEPTED_PREFIX)).toList();
    }

    static final String ACCEPTED_PREFIX = "accepted known defects (not failing the gate): ";

    public CheckpointResult checkpoint(String id) {
        return checkpoints.stream().filter(c -> c.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no checkpoint " + id + " in the report"));
    }
}
