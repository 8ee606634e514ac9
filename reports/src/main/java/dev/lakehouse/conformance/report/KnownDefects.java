package dev.lakehouse.conformance.report;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The list of known platform defects (known-defects.yaml), versioned with the project so that a FAIL the team has
 * already understood is reported with its explanation, and a defect that stopped reproducing is noticed.
 *
 * @param source where the list was read from, e.g. {@code classpath:/known-defects.yaml}
 */
public record KnownDefects(String source, List<KnownDefect> defects) {

    /** The classpath resource holding the project's list. */
    public static final String DEFAULT_RESOURCE = "/known-defects.yaml";

    private static final Pattern ID = Pattern.compile("[a-z0-9]+(?:-[a-z0-9]+)*");

    /** The file as written: a format version and the defects. */
    private record File(Integer version, List<KnownDefect> defects) {
    }

    public KnownDefects {
        defects = defects == null ? List.of() : List.copyOf(defects);
    }

    /** An empty list (for callers that evaluate without one). */
    public static KnownDefects none() {
        return new KnownDefects("none", List.of());
    }

    /** The list shipped with this module. */
    public static KnownDefects loadDefault() {
        return YamlInput.resource("known defects list", DEFAULT_RESOURCE, KnownDefects::load);
    }

    public static KnownDefects load(Path file) {
        return YamlInput.file("known defects list", file, KnownDefects::load);
    }

    /** Loads and validates a list; {@code source} names it in error messages. */
    public static KnownDefects load(InputStream in, String source) {
        File file = YamlInput.read("known defects list", in, source, File.class);
        KnownDefects defects = new KnownDefects(source, file.defects());
        List<String> problems = defects.problems();
        if (file.version() == null) {
            problems.add(0, "it has no \"version\"");
        }
        if (!problems.isEmpty()) {
            throw new ReportInputException("known defects list " + source + " is invalid:\n  - " + String.join("\n  - ", problems));
        }
        return defects;
    }

    public Optional<KnownDefect> defect(String id) {
        return defects.stream().filter(d -> d.id().equals(id)).findFirst();
    }

    /** Everything wrong with the list, empty when it is valid. */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < defects.size(); i++) {
            KnownDefect defect = defects.get(i);
            if (defect == null) {
                problems.add("defects[" + i + "] is empty");
                continue;
            }
            String name = isBlank(defect.id()) ? "defects[" + i + "]" : "defect " + defect.id();
            if (isBlank(defect.id())) {
                problems.add(name + " has no id");
            } else if (!ID.matcher(defect.id()).matches()) {
                problems.add(name + ": the id must be lower-case words joined by dashes, e.g. rgw-lifecycle-object-size-filter-ignored");
            } else if (!ids.add(defect.id())) {
                problems.add("defect id " + defect.id() + " is used twice");
            }
            require(defect.component(), name, "component", problems);
            require(defect.behaviour(), name, "behaviour", problems);
            require(defect.impact(), name, "impact", problems);
            require(defect.reference(), name, "reference (an upstream link, or the tests that show it)", problems);
            require(defect.seenOn(), name, "seenOn", problems);
            if (defect.versions() == null) {
                problems.add(name + " has no versions (the affected range, {from: \"16.2.0\", before: \"17.0.0\"})");
            } else {
                defect.versions().problems().forEach(p -> problems.add(name + ": " + p));
            }
        }
        return problems;
    }

    private static void require(String value, String name, String field, List<String> problems) {
        if (isBlank(value)) {
            problems.add(name + " has no " + field);
        }
    }

    private static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }
}
