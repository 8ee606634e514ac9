package dev.lakehouse.conformance.report;

/**
 * A checklist item of the platform plan, as the catalogue defines it.
 *
 * @param id        {@code <checkpoint>.<slug>}, e.g. {@code 2.2.dynamic-executor-scaling}
 * @param title     the plan's wording
 * @param shows     what the tests have to show for it
 * @param plannedIn the work that will verify it; the NOT VERIFIED reason while no test does (may be null once tests exist)
 * @param requires  target capabilities (as environment.json names them, e.g. KUBERNETES) without which the item cannot
 *                  be verified, whatever else passed: the manifests of a SparkApplication run through spark-submit are
 *                  evidence, not a SparkApplication
 * @param runbooks  the runbook sections (docs/runbooks) that hold the procedures the item names, as
 *                  {@code "<file>#<heading>"}: a unit test of the suites checks each exists and its steps are executed
 */
public record Criterion(String id, String title, String shows, String plannedIn, java.util.List<String> requires,
                        java.util.List<String> runbooks) {

    public Criterion {
        requires = requires == null ? java.util.List.of() : java.util.List.copyOf(requires);
        runbooks = runbooks == null ? java.util.List.of() : java.util.List.copyOf(runbooks);
    }

    public Criterion(String id, String title, String shows, String plannedIn, java.util.List<String> requires) {
        this(id, title, shows, plannedIn, requires, java.util.List.of());
    }

    public Criterion(String id, String title, String shows, String plannedIn) {
        this(id, title, shows, plannedIn, java.util.List.of());
    }

    /** The checkpoint a criterion id belongs to: the id up to its second dot. */
    public static String checkpointOf(String criterionId) {
        int first = criterionId.indexOf('.');
        int second = first < 0 ? -1 : criterionId.indexOf('.', first + 1);
        if (second < 0) {
            throw new IllegalArgumentException("not a criterion id (<checkpoint>.<slug>): " + criterionId);
        }
        return criterionId.substring(0, second);
    }
}
