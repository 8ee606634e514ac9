package dev.lakehouse.conformance.report;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The checkpoint catalogue: every checkpoint of the platform plan with its goal, description,
 * criteria (the plan's checklist items) and metrics, plus the environment's own metrics. Loaded from checkpoints.yaml.
 */
public record CheckpointCatalogue(int version, List<Goal> goals, EnvironmentSection environment, List<Checkpoint> checkpoints) {

    /** The classpath resource holding the default catalogue. */
    public static final String DEFAULT_RESOURCE = "/checkpoints.yaml";
    /** The pseudo checkpoint id that figures about the environment use. */
    public static final String ENVIRONMENT = "environment";
    private static final java.util.regex.Pattern RUNBOOK_SECTION = java.util.regex.Pattern.compile("[a-z0-9-]+\\.md#\\S.*");

    /** Figures about the environment under test rather than a checkpoint. */
    public record EnvironmentSection(String description, List<MetricDefinition> metrics) {
        public EnvironmentSection {
            metrics = metrics == null ? List.of() : List.copyOf(metrics);
        }
    }

    public CheckpointCatalogue {
        goals = goals == null ? List.of() : List.copyOf(goals);
        environment = environment == null ? new EnvironmentSection(null, List.of()) : environment;
        checkpoints = checkpoints == null ? List.of() : List.copyOf(checkpoints);
    }

    /** The catalogue shipped with this module. */
    public static CheckpointCatalogue loadDefault() {
        return YamlInput.resource("checkpoint catalogue", DEFAULT_RESOURCE, CheckpointCatalogue::load);
    }

    public static CheckpointCatalogue load(Path file) {
        return YamlInput.file("checkpoint catalogue", file, CheckpointCatalogue::load);
    }

    /** Loads and validates a catalogue; {@code source} names it in error messages. */
    public static CheckpointCatalogue load(InputStream in, String source) {
        CheckpointCatalogue catalogue = YamlInput.read("checkpoint catalogue", in, source, CheckpointCatalogue.class);
        List<String> problems = catalogue.problems();
        if (!problems.isEmpty()) {
            throw new ReportInputException("checkpoint catalogue " + source + " is invalid:\n  - " + String.join("\n  - ", problems));
        }
        return catalogue;
    }

    public Optional<Checkpoint> checkpoint(String id) {
        return checkpoints.stream().filter(c -> c.id().equals(id)).findFirst();
    }

    /** Every criterion of every checkpoint, in catalogue order. */
    public List<Criterion> criteria() {
        return checkpoints.stream().flatMap(c -> c.criteria().stream()).toList();
    }

    public Optional<Criterion> criterion(String id) {
        return criteria().stream().filter(c -> c.id().equals(id)).findFirst();
    }

    public Optional<Goal> goal(int id) {
        return goals.stream().filter(g -> g.id() == id).findFirst();
    }

    /** The goal's title, or "Goal N" if the catalogue does not name it. */
    public String goalTitle(int id) {
        return goal(id).map(Goal::title).orElse("Goal " + id);
    }

    /** Everything wrong with the catalogue, empty when it is valid. */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        Set<Integer> goalIds = new HashSet<>();
        for (Goal goal : goals) {
            if (!goalIds.add(goal.id())) {
                problems.add("goal " + goal.id() + " is defined twice");
            }
        }
        if (checkpoints.isEmpty()) {
            problems.add("it lists no checkpoints");
        }
        Set<String> ids = new HashSet<>();
        Set<String> criterionIds = new HashSet<>();
        Set<String> metricIds = new HashSet<>();
        for (MetricDefinition metric : environment.metrics()) {
            checkMetric(ENVIRONMENT, metric, metricIds, problems);
        }
        for (Checkpoint checkpoint : checkpoints) {
            String id = checkpoint.id();
            if (isBlank(id)) {
                problems.add("a checkpoint has no id (title: " + checkpoint.title() + ")");
                continue;
            }
            if (ENVIRONMENT.equals(id)) {
                problems.add("checkpoint id \"" + ENVIRONMENT + "\" is reserved for environment figures");
            }
            if (!ids.add(id)) {
                problems.add("checkpoint id " + id + " is used twice");
            }
            if (isBlank(checkpoint.title())) {
                problems.add("checkpoint " + id + " has no title");
            }
            if (!goalIds.contains(checkpoint.goal())) {
                problems.add("checkpoint " + id + " names goal " + checkpoint.goal() + ", which is not among the goals");
            }
            if (isBlank(checkpoint.description())) {
                problems.add("checkpoint " + id + " has no description");
            }
            Set<String> criteria = new HashSet<>();
            if (checkpoint.criteria().isEmpty()) {
                problems.add("checkpoint " + id + " has no criteria (the plan's checklist items)");
            }
            for (Criterion criterion : checkpoint.criteria()) {
                if (isBlank(criterion.id()) || !criterion.id().startsWith(id + ".") || criterion.id().length() == id.length() + 1) {
                    problems.add("criterion \"" + criterion.id() + "\" of checkpoint " + id + " must be " + id + ".<slug>");
                } else if (!criterionIds.add(criterion.id())) {
                    problems.add("criterion id " + criterion.id() + " is used twice");
                }
                criteria.add(criterion.id());
                if (isBlank(criterion.title())) {
                    problems.add("criterion " + criterion.id() + " has no title");
                }
                for (String section : criterion.runbooks()) {
                    if (section == null || !RUNBOOK_SECTION.matcher(section).matches()) {
                        problems.add("criterion " + criterion.id() + " names the runbook section \"" + section
                                + "\", which is not <file>.md#<heading>");
                    }
                }
            }
            for (MetricDefinition metric : checkpoint.metrics()) {
                checkMetric(id, metric, metricIds, problems);
                boolean generated = id.equals(S3OperationCoverage.CHECKPOINT) && S3OperationCoverage.isGeneratedId(metric.criterion());
                if (metric.criterion() != null && !criteria.contains(metric.criterion()) && !generated) {
                    problems.add("metric " + metric.id() + " names criterion " + metric.criterion() + ", which is not a criterion of " + id);
                }
            }
        }
        return problems;
    }

    private static void checkMetric(String owner, MetricDefinition metric, Set<String> metricIds, List<String> problems) {
        if (isBlank(metric.id())) {
            problems.add("a metric of " + owner + " has no id");
            return;
        }
        if (!metricIds.add(metric.id())) {
            problems.add("metric id " + metric.id() + " (in " + owner + ") is used twice");
        }
        if (isBlank(metric.description())) {
            problems.add("metric " + metric.id() + " has no description");
        }
        if (metric.gating() && metric.target() == null) {
            problems.add("metric " + metric.id() + " is gating but has no target");
        }
    }

    private static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }
}
