package dev.lakehouse.conformance.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A defect of the pinned platform, one entry of known-defects.yaml: a test that names it and FAILs on an affected
 * version is reported as FAIL (KNOWN DEFECT) with this text rather than as an unexplained failure.
 *
 * @param id        stable slug that tests ({@code @KnownDefect}, results.jsonl "knownDefects") and policies refer to
 * @param component the component name as environment.json's components[].name writes it, e.g. {@code ceph}
 * @param versions  the affected range of that component's version
 * @param behaviour what goes wrong
 * @param impact    why a lakehouse cares
 * @param reference upstream tracker issue, or the evidence (conformance and upstream tests) when there is none
 * @param seenOn    where and when it was last seen, e.g. "ceph 16.2.15, 2026-12-02"
 */
@JsonPropertyOrder({"id", "component", "versions", "behaviour", "impact", "reference", "seenOn"})
public record KnownDefect(String id, String component, Range versions, String behaviour, String impact, String reference,
                          String seenOn) {

    /**
     * Affected versions: from {@code from} (inclusive) up to {@code before} (exclusive); a missing end is open.
     * Versions compare numerically dot by dot, because "16.10.0" is later than "16.2.15" although it sorts first.
     */
    @JsonPropertyOrder({"from", "before"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Range(String from, String before) {

        /** Whether {@code version} is inside the range; empty when it has no leading numbers to compare. */
        public Optional<Boolean> contains(String version) {
            Optional<List<Integer>> parsed = numbers(version);
            if (parsed.isEmpty()) {
                return Optional.empty();
            }
            boolean afterFrom = from == null || compare(parsed.get(), numbers(from).orElseThrow()) >= 0;
            boolean beforeEnd = before == null || compare(parsed.get(), numbers(before).orElseThrow()) < 0;
            return Optional.of(afterFrom && beforeEnd);
        }

        /** E.g. "16.2.0 to before 17.0.0", "16.2.0 and later", "before 17.0.0". */
        public String describe() {
            if (from == null && before == null) {
                return "every version";
            }
            if (before == null) {
                return from + " and later";
            }
            return from == null ? "before " + before : from + " to before " + before;
        }

        /** What is wrong with the range (for known-defects.yaml's validation), empty when it is valid. */
        List<String> problems() {
            List<String> problems = new ArrayList<>();
            if (from != null && numbers(from).isEmpty()) {
                problems.add("versions.from \"" + from + "\" is not a version (numbers separated by dots)");
            }
            if (before != null && numbers(before).isEmpty()) {
                problems.add("versions.before \"" + before + "\" is not a version (numbers separated by dots)");
            }
            if (problems.isEmpty() && from != null && before != null && compare(numbers(from).get(), numbers(before).get()) >= 0) {
                problems.add("versions.from " + from + " is not before versions.before " + before + ": the range is empty");
            }
            return problems;
        }
    }

    /** A leading "v", then numbers separated by dots; whatever follows ("-1.el8", "+git") is ignored. */
    private static final Pattern VERSION = Pattern.compile("v?(\\d+(?:\\.\\d+)*)");

    /** The numeric parts of a version ("16.2.15-1.el8" -> 16, 2, 15); empty when it does not start with a number. */
    static Optional<List<Integer>> numbers(String version) {
        if (version == null) {
            return Optional.empty();
        }
        Matcher matcher = VERSION.matcher(version.strip());
        if (!matcher.lookingAt()) {
            return Optional.empty();
        }
        List<Integer> numbers = new ArrayList<>();
        for (String part : matcher.group(1).split("\\.")) {
            try {
                numbers.add(Integer.parseInt(part));
            } catch (NumberFormatException e) {
                return Optional.empty(); // more digits than an int holds: not a version we can compare
            }
        }
        return Optional.of(numbers);
    }

    /** Dot by dot, a missing part counting as 0 ("17" equals "17.0.0"). */
    static int compare(List<Integer> a, List<Integer> b) {
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            int difference = Integer.compare(i < a.size() ? a.get(i) : 0, i < b.size() ? b.get(i) : 0);
            if (difference != 0) {
                return difference;
            }
        }
        return 0;
    }
}
