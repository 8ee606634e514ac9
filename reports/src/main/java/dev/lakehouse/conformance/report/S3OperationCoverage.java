package dev.lakehouse.conformance.report;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Holds the S3 operations the platform sent (s3-operations.json) against the tests of checkpoint 1.1 that cover them.
 *
 * <p>The catalogue's 1.1 criteria say what the suites chose to test; the ops log says what the platform's own clients
 * (S3A, Trino, Iceberg) actually send. Each operation the platform sent becomes a criterion of 1.1, generated at
 * evaluation time ({@code 1.1.s3-op.<Operation>}), so an operation no test covers shows as NOT VERIFIED instead of
 * going unnoticed. Without an ops log one criterion ({@code 1.1.s3-op-coverage}) says that this is unknown. The
 * generated criteria are not in checkpoints.yaml (they depend on the run), so the catalogue and its constants stay as
 * they are; records naming a generated id are not unknown references.
 *
 * <p>A test covers an operation when it is a test of 1.1 and lists the operation in its "s3Operations" (or names the
 * generated criterion id among its criteria).
 *
 * @param recorded  whether the run recorded the target's S3 traffic (s3-operations.json was there)
 * @param source    where the figures came from, e.g. "radosgw ops log (rgw_ops_log_file_path), ceph 16.2.15"
 * @param requests  requests in the log, null when not given
 * @param unparsed  log lines not attributed to an operation, null when not given
 * @param platform  the operations the platform sent, with their covering tests and the generated criterion's verdict
 * @param suiteOnly the operations only the suites sent
 */
@JsonPropertyOrder({"recorded", "source", "requests", "unparsed", "platform", "suiteOnly"})
public record S3OperationCoverage(boolean recorded, String source, Long requests, Long unparsed, List<Covered> platform,
                                  List<S3Operations.Operation> suiteOnly) {
    /** The checkpoint whose criteria the operations become. */
    public static final String CHECKPOINT = "1.1";
    /** Prefix of the generated criterion of one operation. */
    public static final String OPERATION_PREFIX = CHECKPOINT + ".s3-op.";
    /** The generated criterion when the run did not record the target's S3 traffic. */
    public static final String COVERAGE_ID = CHECKPOINT + ".s3-op-coverage";
    static final String NOT_RECORDED = "the target's S3 traffic was not recorded (no ops log): which operations the platform uses is unknown";

    private static final Pattern GENERATED = Pattern.compile(Pattern.quote(OPERATION_PREFIX) + "[A-Za-z][A-Za-z0-9]*");

    /** An operation the platform sent, the tests of 1.1 that cover it, and its criterion's verdict. */
    @JsonPropertyOrder({"operation", "criterion", "verdict", "requests", "platformRequests", "clients", "statuses", "features", "example", "tests"})
    public record Covered(String operation, String criterion, Verdict verdict, long requests, long platformRequests, Map<String, Long> clients,
                          Map<String, Long> statuses, List<String> features, String example, List<String> tests) {
        public Covered {
            tests = tests == null ? List.of() : List.copyOf(tests);
        }
    }

    public S3OperationCoverage {
        platform = platform == null ? List.of() : List.copyOf(platform);
        suiteOnly = suiteOnly == null ? List.of() : List.copyOf(suiteOnly);
    }

    /** Whether a criterion id is one this class generates (so a record naming it is not an unknown reference). */
    public static boolean isGeneratedId(String criterionId) {
        return criterionId != null && (COVERAGE_ID.equals(criterionId) || GENERATED.matcher(criterionId).matches());
    }

    public static String criterionId(String operation) {
        return OPERATION_PREFIX + operation;
    }

    /** The criterion of 1.1 that an operation the platform sent becomes. */
    static Criterion criterion(S3Operations.Operation operation) {
        String features = operation.features().isEmpty() ? "" : " (" + String.join(", ", operation.features()) + ")";
        return new Criterion(criterionId(operation.operation()), "S3 " + operation.operation() + " as the platform sends it",
                "a 1.1 conformance test sends " + operation.operation() + " the way the platform's clients do" + features
                        + " and asserts on the result; the platform sent it " + requests(operation) + " during the run", null);
    }

    /** The criterion that stands for every operation when the run did not record the target's S3 traffic. */
    static Criterion notRecordedCriterion() {
        return new Criterion(COVERAGE_ID, "S3 operations as the platform sends them",
                "each S3 operation the platform's clients send during the run is covered by a 1.1 conformance test", null);
    }

    /** The NOT VERIFIED reason of an operation no 1.1 test covers. */
    static String uncoveredReason(S3Operations.Operation operation) {
        return "the platform sent " + operation.operation() + " (" + requests(operation) + ") and no 1.1 conformance test covers it";
    }

    /** "3 requests from s3a 1, trino 2": the platform's requests by client family (the suites' own left out). */
    private static String requests(S3Operations.Operation operation) {
        List<String> clients = new ArrayList<>();
        operation.clients().forEach((client, n) -> {
            if (!isSuite(client)) {
                clients.add(client + " " + n);
            }
        });
        String count = operation.platformRequests() + (operation.platformRequests() == 1 ? " request" : " requests");
        return clients.isEmpty() ? count : count + " from " + String.join(", ", clients);
    }

    private static boolean isSuite(String client) {
        return client.equalsIgnoreCase("suite") || client.equalsIgnoreCase("suites");
    }

    /** The tests of 1.1 that cover an operation: they list it in "s3Operations" or name its generated criterion. */
    static List<TestRecord> coveringTests(String operation, List<TestRecord> checkpointTests) {
        return checkpointTests.stream()
                .filter(t -> t.s3Operations().contains(operation) || t.criteria().contains(criterionId(operation)))
                .toList();
    }

    /** The report's section: every operation of the log, with the verdicts of the generated criteria. */
    static S3OperationCoverage of(S3Operations operations, List<CriterionResult> criteria) {
        if (operations == null) {
            return new S3OperationCoverage(false, null, null, null, List.of(), List.of());
        }
        List<Covered> platform = new ArrayList<>();
        List<S3Operations.Operation> suiteOnly = new ArrayList<>();
        for (S3Operations.Operation operation : operations.operations()) {
            if (!operation.sentByThePlatform()) {
                suiteOnly.add(operation);
                continue;
            }
            CriterionResult criterion = criteria.stream().filter(c -> c.id().equals(criterionId(operation.operation()))).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no generated criterion for " + operation.operation()));
            platform.add(new Covered(operation.operation(), criterion.id(), criterion.verdict(), operation.requests(),
                    operation.platformRequests(), operation.clients(), operation.statuses(), operation.features(), operation.example(),
                    criterion.tests()));
        }
        return new S3OperationCoverage(true, operations.source(), operations.requests(), operations.unparsed(), platform, suiteOnly);
    }
}
