package dev.lakehouse.conformance.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The verdict rules: pure logic from a catalogue and a run's inputs to a {@link GateReport}.
 *
 * <ul>
 *   <li>A checkpoint FAILs if any of its tests FAIL or a gating metric misses its target;
 *       otherwise it PASSes if at least one of its tests PASSed; otherwise it is NOT VERIFIED,
 *       because its tests were skipped (the reason lists their messages) or because no test covers
 *       it yet (the reason says where it is planned).</li>
 *   <li>The gate FAILs if any checkpoint FAILs, if the results are incomplete (failsafe ran a
 *       different number of tests than results.jsonl records), if a record or figure names a
 *       checkpoint not in the catalogue, if a failing test names no checkpoint, or if a gating
 *       environment metric misses its target. NOT VERIFIED checkpoints do not fail the gate.</li>
 * </ul>
 */
public final class GateEvaluator {
    /** The environment metric that environment.json's readySeconds stands in for when no figure records it. */
    public static final String READY_METRIC = "environment.ready.seconds";

    private final CheckpointCatalogue catalogue;

    public GateEvaluator(CheckpointCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    public GateReport evaluate(RunInputs inputs, Instant generatedAt) {
        Map<String, List<TestRecord>> testsByCheckpoint = new LinkedHashMap<>();
        catalogue.checkpoints().forEach(c -> testsByCheckpoint.put(c.id(), new ArrayList<>()));
        List<GateReport.UnknownReference> unknown = new ArrayList<>();
        List<TestRecord> unmapped = new ArrayList<>();
        for (TestRecord record : inputs.records()) {
            if (record.checkpoints().isEmpty()) {
                unmapped.add(record);
            }
            for (String id : new LinkedHashSet<>(record.checkpoints())) {
                List<TestRecord> tests = testsByCheckpoint.get(id);
                if (tests != null) {
                    tests.add(record);
                } else {
                    unknown.add(new GateReport.UnknownReference(id, "test", record.name(), record.status().name()));
                }
            }
        }

        Map<String, Map<String, Figure>> figuresByOwner = new LinkedHashMap<>();
        for (Figure figure : inputs.figures()) {
            boolean known = CheckpointCatalogue.ENVIRONMENT.equals(figure.checkpoint()) || testsByCheckpoint.containsKey(figure.checkpoint());
            if (known) {
                // the last figure with an id wins
                figuresByOwner.computeIfAbsent(figure.checkpoint(), k -> new LinkedHashMap<>()).put(figure.id(), figure);
            } else {
                unknown.add(new GateReport.UnknownReference(figure.checkpoint(), "figure", figure.id(), null));
            }
        }

        List<CheckpointResult> checkpoints = new ArrayList<>();
        for (Checkpoint checkpoint : catalogue.checkpoints()) {
            List<MetricResult> metrics = metrics(checkpoint.metrics(), figuresByOwner.getOrDefault(checkpoint.id(), Map.of()));
            checkpoints.add(evaluate(checkpoint, testsByCheckpoint.get(checkpoint.id()), metrics, inputs.environment()));
        }
        List<MetricResult> environmentMetrics = metrics(catalogue.environment().metrics(), environmentFigures(figuresByOwner, inputs.environment()));

        GateReport.Completeness completeness = completeness(inputs);
        List<String> gateReasons = gateReasons(checkpoints, completeness, unknown, unmapped, environmentMetrics);
        return new GateReport(
                GateReport.SCHEMA_VERSION,
                gateReasons.isEmpty() ? Verdict.PASS : Verdict.FAIL,
                generatedAt.toString(),
                gateReasons,
                summary(checkpoints, inputs),
                completeness,
                inputs.sources(),
                inputs.notes(),
                inputs.environment(),
                environmentMetrics,
                checkpoints,
                unknown,
                unmapped,
                inputs.records(),
                inputs.figures());
    }

    // ------------------------------------------------------------------ one checkpoint

    private CheckpointResult evaluate(Checkpoint checkpoint, List<TestRecord> tests, List<MetricResult> metrics, EnvironmentInfo environment) {
        List<TestRecord> failed = withStatus(tests, TestStatus.FAIL);
        List<TestRecord> passed = withStatus(tests, TestStatus.PASS);
        List<TestRecord> skipped = withStatus(tests, TestStatus.NA);
        List<MetricResult> gatingMisses = metrics.stream().filter(MetricResult::failsGate).toList();

        Verdict verdict;
        List<String> reason = new ArrayList<>();
        if (!failed.isEmpty() || !gatingMisses.isEmpty()) {
            verdict = Verdict.FAIL;
            if (!failed.isEmpty()) {
                reason.add(count(failed.size(), "test") + " failed: " + names(failed));
            }
            gatingMisses.forEach(m -> reason.add("gating metric " + m.status().label() + ": " + m.describeMeasurement()));
        } else if (!passed.isEmpty()) {
            verdict = Verdict.PASS;
            reason.add(count(passed.size(), "test") + " passed");
            if (!skipped.isEmpty()) {
                reason.add(skipped.size() + " skipped: " + skipped.stream()
                        .map(t -> t.name() + " (" + skipReason(t) + ")").collect(Collectors.joining(", ")));
            }
        } else if (!skipped.isEmpty()) {
            verdict = Verdict.NOT_VERIFIED;
            reason.add("skipped: " + String.join("; ", distinctSkipReasons(skipped)));
        } else {
            verdict = Verdict.NOT_VERIFIED;
            reason.add("no test covers this checkpoint yet: " + checkpoint.plannedIn());
        }
        if (verdict != Verdict.FAIL) {
            metrics.stream().filter(m -> m.status() == MetricStatus.MISSED || m.status() == MetricStatus.UNIT_MISMATCH)
                    .forEach(m -> reason.add("non-gating metric " + m.status().label() + ": " + m.describeMeasurement()));
            if (verdict == Verdict.PASS) {
                metrics.stream().filter(m -> m.gating() && m.status() == MetricStatus.NOT_MEASURED)
                        .forEach(m -> reason.add("gating metric not measured: " + m.id()));
            }
        }
        return new CheckpointResult(
                checkpoint.id(), checkpoint.title(), checkpoint.goal(), catalogue.goalTitle(checkpoint.goal()),
                checkpoint.description(), checkpoint.successCriteria(),
                verdict, String.join("; ", reason), CheckpointResult.TestCounts.of(tests), List.copyOf(tests), metrics,
                verdict == Verdict.FAIL ? logsOf(checkpoint, environment) : Map.of());
    }

    private static List<TestRecord> withStatus(List<TestRecord> tests, TestStatus status) {
        return tests.stream().filter(t -> t.status() == status).toList();
    }

    private static List<String> distinctSkipReasons(List<TestRecord> skipped) {
        Set<String> reasons = new LinkedHashSet<>();
        for (TestRecord test : skipped) {
            reasons.add(test.message() == null || test.message().isBlank()
                    ? "skipped without a reason (" + test.name() + ")"
                    : test.message().strip());
        }
        return List.copyOf(reasons);
    }

    private static String skipReason(TestRecord test) {
        return test.message() == null || test.message().isBlank() ? "no reason given" : test.message().strip();
    }

    /** The logs of the checkpoint's components; all logs when none of its components has one. */
    private static Map<String, String> logsOf(Checkpoint checkpoint, EnvironmentInfo environment) {
        if (environment == null || environment.logs().isEmpty()) {
            return Map.of();
        }
        Set<String> components = checkpoint.components().stream().map(c -> c.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        Map<String, String> logs = new LinkedHashMap<>();
        environment.logs().forEach((name, path) -> {
            if (components.contains(name.toLowerCase(Locale.ROOT))) {
                logs.put(name, path);
            }
        });
        return logs.isEmpty() ? environment.logs() : logs;
    }

    // ------------------------------------------------------------------ metrics

    private static List<MetricResult> metrics(List<MetricDefinition> definitions, Map<String, Figure> figures) {
        List<MetricResult> results = new ArrayList<>();
        Set<String> defined = new LinkedHashSet<>();
        for (MetricDefinition definition : definitions) {
            if (definition.isFamily()) {
                // one definition for many figures (tpch.*.seconds: one per query)
                List<Figure> members = figures.values().stream().filter(f -> definition.covers(f.id())).toList();
                if (members.isEmpty()) {
                    results.add(measure(definition, null));
                }
                for (Figure member : members) {
                    defined.add(member.id());
                    results.add(measure(definition.member(member.id()), member));
                }
                continue;
            }
            defined.add(definition.id());
            results.add(measure(definition, figures.get(definition.id())));
        }
        for (Figure figure : figures.values()) {
            if (!defined.contains(figure.id())) {
                results.add(new MetricResult(figure.id(), "", figure.unit(), null, false, figure.value(),
                        MetricStatus.NO_TARGET, figure.detail(), figure.samples(), "not defined in the checkpoint catalogue"));
            }
        }
        return results;
    }

    /** A catalogue metric compared with its figure (null when not measured). */
    static MetricResult measure(MetricDefinition definition, Figure figure) {
        if (figure == null) {
            return new MetricResult(definition.id(), definition.description(), definition.unit(), definition.target(),
                    definition.gating(), null, MetricStatus.NOT_MEASURED, null, List.of(), null);
        }
        boolean unitsDiffer = figure.unit() != null && definition.unit() != null
                && !figure.unit().strip().equalsIgnoreCase(definition.unit().strip());
        String note = unitsDiffer ? "figure is in " + figure.unit() + ", the catalogue expects " + definition.unit() : null;
        MetricStatus status;
        if (definition.target() == null) {
            status = MetricStatus.NO_TARGET;
        } else if (unitsDiffer) {
            status = MetricStatus.UNIT_MISMATCH;
        } else {
            status = definition.target().isMetBy(figure.value()) ? MetricStatus.MET : MetricStatus.MISSED;
        }
        return new MetricResult(definition.id(), definition.description(), definition.unit(), definition.target(),
                definition.gating(), figure.value(), status, figure.detail(), figure.samples(), note);
    }

    /** The environment's figures, with readySeconds from environment.json standing in for a missing ready figure. */
    private static Map<String, Figure> environmentFigures(Map<String, Map<String, Figure>> figuresByOwner, EnvironmentInfo environment) {
        Map<String, Figure> figures = new LinkedHashMap<>(figuresByOwner.getOrDefault(CheckpointCatalogue.ENVIRONMENT, Map.of()));
        if (!figures.containsKey(READY_METRIC) && environment != null && environment.readySeconds() != null) {
            figures.put(READY_METRIC, new Figure(CheckpointCatalogue.ENVIRONMENT, READY_METRIC, environment.readySeconds(), "s",
                    "readySeconds from environment.json", List.of()));
        }
        return figures;
    }

    // ------------------------------------------------------------------ the gate

    private static GateReport.Completeness completeness(RunInputs inputs) {
        int recorded = (int) inputs.records().stream().filter(TestRecord::isMethodRecord).count();
        FailsafeSummary failsafe = inputs.failsafe();
        if (failsafe == null) {
            return new GateReport.Completeness(false, true, null, recorded,
                    "not cross-checked: no failsafe summary was given");
        }
        List<String> problems = new ArrayList<>();
        if (failsafe.completed() != recorded) {
            problems.add("failsafe ran " + count(failsafe.completed(), "test") + " but results.jsonl holds "
                    + count(recorded, "test record"));
        }
        if (failsafe.timeout()) {
            problems.add("failsafe reports that the run timed out");
        }
        if (problems.isEmpty()) {
            return new GateReport.Completeness(true, true, failsafe.completed(), recorded,
                    "complete: failsafe ran " + count(failsafe.completed(), "test") + " and results.jsonl holds a record for each");
        }
        return new GateReport.Completeness(true, false, failsafe.completed(), recorded,
                "results incomplete: " + String.join("; ", problems));
    }

    private static List<String> gateReasons(List<CheckpointResult> checkpoints, GateReport.Completeness completeness,
                                            List<GateReport.UnknownReference> unknown, List<TestRecord> unmapped,
                                            List<MetricResult> environmentMetrics) {
        List<String> reasons = new ArrayList<>();
        checkpoints.stream().filter(c -> c.verdict() == Verdict.FAIL)
                .forEach(c -> reasons.add("checkpoint " + c.id() + " " + c.title() + " FAILED: " + c.reason()));
        if (!completeness.complete()) {
            reasons.add(completeness.message());
        }
        if (!unknown.isEmpty()) {
            reasons.add(count(unknown.size(), "reference") + " to checkpoints not in the catalogue: " + unknown.stream()
                    .map(u -> u.checkpoint() + " (" + u.kind() + " " + u.name() + ")").collect(Collectors.joining(", ")));
        }
        List<TestRecord> unmappedFailures = withStatus(unmapped, TestStatus.FAIL);
        if (!unmappedFailures.isEmpty()) {
            reasons.add(count(unmappedFailures.size(), "failing test") + " naming no checkpoint: " + names(unmappedFailures));
        }
        environmentMetrics.stream().filter(MetricResult::failsGate)
                .forEach(m -> reasons.add("gating environment metric " + m.status().label() + ": " + m.describeMeasurement()));
        return reasons;
    }

    private static GateReport.Summary summary(List<CheckpointResult> checkpoints, RunInputs inputs) {
        CheckpointResult.TestCounts tests = CheckpointResult.TestCounts.of(inputs.records());
        return new GateReport.Summary(
                checkpoints.size(),
                (int) checkpoints.stream().filter(c -> c.verdict() == Verdict.PASS).count(),
                (int) checkpoints.stream().filter(c -> c.verdict() == Verdict.FAIL).count(),
                (int) checkpoints.stream().filter(c -> c.verdict() == Verdict.NOT_VERIFIED).count(),
                tests.total(), tests.passed(), tests.failed(), tests.skipped(),
                inputs.figures().size());
    }

    private static String names(List<TestRecord> tests) {
        return tests.stream().map(TestRecord::name).collect(Collectors.joining(", "));
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
