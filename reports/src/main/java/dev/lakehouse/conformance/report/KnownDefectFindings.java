package dev.lakehouse.conformance.report;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the known defects the tests name mean on this run's environment: which failures are a known defect
 * (FAIL (KNOWN DEFECT)), which defects no longer reproduce (stale entries of known-defects.yaml), which failures name a
 * defect whose range does not cover the version under test (ordinary failures), and which ids are not in the list.
 *
 * <p>Only a FAILed test inside the defect's range is a known-defect failure: a passing test inside the range means the
 * entry is out of date, and outside the range (or with the version unknown) nothing says the failure is the known one.
 *
 * @param list       where known-defects.yaml was read from
 * @param policy     the gate's policy (environment.json "knownDefectPolicy"), null when it sets none: nothing is accepted
 * @param failures   one per failed test and known defect in range
 * @param stale      one per passed test and known defect in range: the defect no longer reproduces
 * @param notInRange one per failed test and named defect whose range does not cover the environment's version
 * @param unknownIds defect ids tests name that are not in the list (each fails the gate)
 * @param defects    the list itself, for reference
 */
@JsonPropertyOrder({"list", "policy", "failures", "stale", "notInRange", "unknownIds", "defects"})
public record KnownDefectFindings(String list, KnownDefectPolicy policy, List<Failure> failures, List<Stale> stale,
                                  List<NotInRange> notInRange, List<GateReport.UnknownReference> unknownIds, List<KnownDefect> defects) {

    /** A failed test explained by a known defect: FAIL (KNOWN DEFECT). */
    @JsonPropertyOrder({"test", "defect", "component", "componentVersion", "behaviour", "impact", "reference", "accepted"})
    public record Failure(String test, String defect, String component, String componentVersion, String behaviour, String impact,
                          String reference, boolean accepted) {
    }

    /** A known defect a test showed not to reproduce on a version inside its range. */
    @JsonPropertyOrder({"defect", "component", "componentVersion", "test", "message"})
    public record Stale(String defect, String component, String componentVersion, String test, String message) {
    }

    /** A failed test naming a known defect whose range does not cover the version under test: an ordinary failure. */
    @JsonPropertyOrder({"test", "defect", "message"})
    public record NotInRange(String test, String defect, String message) {
    }

    public KnownDefectFindings {
        failures = failures == null ? List.of() : List.copyOf(failures);
        stale = stale == null ? List.of() : List.copyOf(stale);
        notInRange = notInRange == null ? List.of() : List.copyOf(notInRange);
        unknownIds = unknownIds == null ? List.of() : List.copyOf(unknownIds);
        defects = defects == null ? List.of() : List.copyOf(defects);
    }

    /** Findings of a run whose tests name no known defects. */
    public static KnownDefectFindings none() {
        return new KnownDefectFindings(null, null, List.of(), List.of(), List.of(), List.of(), List.of());
    }

    /** Holds every record naming known defects against the list and the environment's component versions. */
    public static KnownDefectFindings assess(List<TestRecord> records, KnownDefects list, EnvironmentInfo environment) {
        KnownDefectPolicy policy = environment == null ? null : environment.knownDefectPolicy().orElse(null);
        List<Failure> failures = new ArrayList<>();
        List<Stale> stale = new ArrayList<>();
        List<NotInRange> notInRange = new ArrayList<>();
        List<GateReport.UnknownReference> unknown = new ArrayList<>();
        for (TestRecord record : records) {
            for (String id : record.knownDefects()) {
                Optional<KnownDefect> found = list.defect(id);
                if (found.isEmpty()) {
                    unknown.add(new GateReport.UnknownReference(id, "known defect of test", record.name(), record.status().name()));
                    continue;
                }
                KnownDefect defect = found.get();
                String version = environment == null ? null : environment.versionOf(defect.component()).orElse(null);
                boolean inRange = defect.versions().contains(version).orElse(false);
                if (record.status() == TestStatus.FAIL && inRange) {
                    failures.add(new Failure(record.name(), id, defect.component(), version, defect.behaviour(), defect.impact(),
                            defect.reference(), policy != null && policy.accepts(id)));
                } else if (record.status() == TestStatus.FAIL) {
                    notInRange.add(new NotInRange(record.name(), id, "known defect " + id + " affects " + defect.component() + " "
                            + defect.versions().describe() + ", which does not cover " + (version == null
                            ? "this environment (it gives no " + defect.component() + " version)" : defect.component() + " " + version)));
                } else if (record.status() == TestStatus.PASS && inRange) {
                    stale.add(new Stale(id, defect.component(), version, record.name(), "known defect " + id + " no longer reproduces on "
                            + defect.component() + " " + version + " (" + record.name() + " passed): update known-defects.yaml"));
                }
            }
        }
        return new KnownDefectFindings(list.source(), policy, failures, stale, notInRange, unknown, list.defects());
    }

    /** The known defects that explain this test's failure; empty when it did not fail of a known defect. */
    public List<Failure> failuresOf(TestRecord test) {
        return test.status() != TestStatus.FAIL ? List.of() : failures.stream().filter(f -> f.test().equals(test.name())).toList();
    }

    /** Why a failed test naming known defects is still an ordinary failure; empty for other tests. */
    public List<NotInRange> notInRangeOf(TestRecord test) {
        return test.status() != TestStatus.FAIL ? List.of() : notInRange.stream().filter(f -> f.test().equals(test.name())).toList();
    }

    /** A FAIL (KNOWN DEFECT) whose every defect the policy accepts (a test naming two defects is accepted only for both). */
    public boolean isAccepted(TestRecord test) {
        List<Failure> explained = failuresOf(test);
        return !explained.isEmpty() && explained.stream().allMatch(Failure::accepted);
    }

    /** "accepted by <source>" or why nothing is: shown next to every known-defect failure the gate counts. */
    @JsonIgnore
    public String policyText() {
        if (policy == null) {
            return "environment.json sets no " + KnownDefectPolicy.FIELD + ": no known defect is accepted";
        }
        return "policy from " + policy.source() + " accepts " + (policy.accepted().contains(KnownDefectPolicy.ALL)
                ? "every known defect" : policy.accepted().isEmpty() ? "no known defect" : String.join(", ", policy.accepted()));
    }

    /** "FAIL (KNOWN DEFECT rgw-...)" for a known-defect failure, the plain status otherwise. */
    public String statusOf(TestRecord test) {
        List<Failure> explained = failuresOf(test);
        return explained.isEmpty() ? test.status().name()
                : "FAIL (KNOWN DEFECT " + String.join(", ", explained.stream().map(Failure::defect).toList()) + ")";
    }
}
