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
 *   <li>A criterion FAILs if a test that declares it FAILs (a test naming its checkpoint but no criterion counts
 *       for every criterion of the checkpoint) or one of its gating metrics misses its target. It PASSes if at least
 *       one of its tests PASSed, none was skipped (a test that ends "not applicable: ..." found a path the platform does not
 *       have, which is reported, not a gap), and its gating metrics were measured and met. Otherwise it is
 *       NOT VERIFIED, with the reason: skipped tests (their reasons), a gating metric not measured, or no test yet
 *       (where it is planned).</li>
 *   <li>A checkpoint FAILs if any criterion FAILs or a gating metric of no criterion misses its target. It PASSes
 *       only when every criterion PASSes and no metric target was missed; it is PARTIAL when some criteria pass and
 *       none fail (or all pass but a non-gating target was missed), NOT VERIFIED when none was verified.</li>
 *   <li>The gate FAILs if any checkpoint FAILs, if the results are incomplete (failsafe ran a different number of
 *       tests than results.jsonl records), if a record or figure names a checkpoint or criterion not in the
 *       catalogue, if a failing test names no checkpoint, if a gating environment metric misses its target, or if
 *       the run found its own secrets in what the platform wrote, or if a test names a known defect not in
 *       known-defects.yaml. PARTIAL and NOT VERIFIED checkpoints do not fail the gate; the summary says how many
 *       criteria were verified.</li>
 *   <li>Known defects ({@link KnownDefectFindings}): a failed test naming a known defect whose range covers the
 *       environment's version is FAIL (KNOWN DEFECT); its criteria and checkpoint FAIL all the same. A checkpoint that
 *       FAILs only through known defects the gate's policy accepts (environment.json "knownDefectPolicy") does not fail
 *       the gate; the gate reasons list it as accepted. Without a policy nothing is accepted.</li>
 *   <li>Checkpoint 1.1 gets a criterion per S3 operation the platform sent ({@link S3OperationCoverage}), judged by
 *       the 1.1 tests that cover it like any criterion, or one NOT VERIFIED criterion when the traffic was not recorded.</li>
 * </ul>
 */
public final class GateEvaluator {
    /** The environment metric that environment.json's readySeconds stands in for when no figure records it. */
    public static final String READY_METRIC = "environment.ready.seconds";

    private final CheckpointCatalogue catalogue;
    private final KnownDefects knownDefects;

    /** An evaluator holding runs against the catalogue and the project's known-defects.yaml. */
    public GateEvaluator(CheckpointCatalogue catalogue) {
        this(catalogue, KnownDefects.loadDefault());
    }

    public GateEvaluator(CheckpointCatalogue catalogue, KnownDefects knownDefects) {
        this.catalogue = catalogue;
        this.knownDefects = knownDefects;
    }

    public GateReport evaluate(RunInputs inputs, Instant generatedAt) {
        Map<String, List<TestRecord>> testsByCheckpoint = new LinkedHashMap<>();
        catalogue.checkpoints().forEach(c -> testsByCheckpoint.put(c.id(), new ArrayList<>()));
        List<GateReport.UnknownReference> unknown = new ArrayList<>();
        List<TestRecord> unmapped = new ArrayList<>();
        for (TestRecord record : inputs.records()) {
            if (record.checkpoints().isEmpty() && record.criteria().isEmpty()) {
                unmapped.add(record);
            }
            Set<String> checkpointIds = new LinkedHashSet<>(record.checkpoints());
            for (String criterion : record.criteria()) {
                if (S3OperationCoverage.isGeneratedId(criterion)) {
                    checkpointIds.add(Criterion.checkpointOf(criterion));
                } else if (catalogue.criterion(criterion).isEmpty()) {
                    unknown.add(new GateReport.UnknownReference(criterion, "criterion of test", record.name(), record.status().name()));
                } else {
                    checkpointIds.add(Criterion.checkpointOf(criterion));
                }
            }
            for (String id : checkpointIds) {
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

        KnownDefectFindings defects = KnownDefectFindings.assess(inputs.records(), knownDefects, inputs.environment());
        List<CheckpointResult> checkpoints = new ArrayList<>();
        for (Checkpoint checkpoint : catalogue.checkpoints()) {
            List<MetricResult> metrics = metrics(checkpoint.metrics(), figuresByOwner.getOrDefault(checkpoint.id(), Map.of()));
            checkpoints.add(evaluate(checkpoint, testsByCheckpoint.get(checkpoint.id()), metrics, inputs, defects));
        }
        // the operations' verdicts are those of 1.1's generated criteria
        S3OperationCoverage s3Coverage = S3OperationCoverage.of(inputs.s3Operations(), checkpoints.stream()
                .filter(c -> c.id().equals(S3OperationCoverage.CHECKPOINT)).findFirst().map(CheckpointResult::criteria).orElse(List.of()));
        List<MetricResult> environmentMetrics = metrics(catalogue.environment().metrics(), environmentFigures(figuresByOwner, inputs.environment()));

        GateReport.Completeness completeness = completeness(inputs);
        List<String> blocking = gateReasons(checkpoints, completeness, unknown, unmapped, environmentMetrics, inputs.secretFindings(), defects);
        List<String> gateReasons = new ArrayList<>(blocking);
        gateReasons.addAll(acceptedKnownDefects(checkpoints, defects));
        return new GateReport(
                GateReport.SCHEMA_VERSION,
                blocking.isEmpty() ? Verdict.PASS : Verdict.FAIL,
                generatedAt.toString(),
                gateReasons,
                summary(checkpoints, inputs, defects),
                completeness,
                inputs.sources(),
                inputs.notes(),
                inputs.environment(),
                environmentMetrics,
                RunTimeline.of(inputs.spans(), inputs.records(), inputs.cpu()),
                checkpoints,
                unknown,
                unmapped,
                inputs.secretFindings(),
                inputs.records(),
                inputs.figures(),
                defects,
                s3Coverage,
                inputs.restarts());
    }

    // ------------------------------------------------------------------ one criterion

    /** A catalogue criterion, judged by the tests that declare it. */
    private static CriterionResult evaluate(Criterion criterion, List<TestRecord> checkpointTests, List<MetricResult> metrics,
                                            EnvironmentInfo environment, KnownDefectFindings defects) {
        // a test that names no criterion at all counts for every criterion of its checkpoints (it cannot be attributed)
        List<TestRecord> tests = checkpointTests.stream()
                .filter(t -> t.criteria().contains(criterion.id()) || t.criteria().isEmpty())
                .toList();
        String noTests = criterion.plannedIn() == null || criterion.plannedIn().isBlank()
                ? "no test verifies it yet" : "no test verifies it yet: " + criterion.plannedIn();
        return evaluate(criterion, tests, noTests, metrics, environment, defects);
    }

    /**
     * The verdict rules for one criterion and the tests that count for it; {@code noTests} is the NOT VERIFIED reason
     * when there are none.
     */
    private static CriterionResult evaluate(Criterion criterion, List<TestRecord> tests, String noTests, List<MetricResult> metrics,
                                            EnvironmentInfo environment, KnownDefectFindings defects) {
        List<String> lacking = lackingCapabilities(criterion, environment);
        List<MetricResult> own = metrics.stream().filter(m -> criterion.id().equals(m.criterion())).toList();
        List<TestRecord> failed = withStatus(tests, TestStatus.FAIL);
        List<TestRecord> passed = withStatus(tests, TestStatus.PASS);
        // "not applicable" is a finding about the platform (a path that does not exist), not a gap in the evidence
        List<TestRecord> notApplicable = withStatus(tests, TestStatus.NA).stream().filter(GateEvaluator::isNotApplicable).toList();
        List<TestRecord> skipped = withStatus(tests, TestStatus.NA).stream().filter(t -> !isNotApplicable(t)).toList();
        List<MetricResult> gatingMisses = own.stream().filter(MetricResult::failsGate).toList();
        List<MetricResult> gatingUnmeasured = own.stream().filter(m -> m.gating() && m.status() == MetricStatus.NOT_MEASURED).toList();

        Verdict verdict;
        List<String> reason = new ArrayList<>();
        if (!failed.isEmpty() || !gatingMisses.isEmpty()) {
            verdict = Verdict.FAIL;
            reason.addAll(failureReasons(failed, defects));
            gatingMisses.forEach(m -> reason.add("gating metric " + m.status().label() + ": " + m.describeMeasurement()));
        } else if (!lacking.isEmpty()) {
            verdict = Verdict.NOT_VERIFIED;
            reason.add("needs a target with " + String.join(", ", lacking) + (environment == null || environment.capabilities().isEmpty()
                    ? " (the environment did not say what it provides)" : ", which the " + environment.target() + " target lacks"));
            if (!passed.isEmpty()) {
                reason.add("what runs without it passed: " + count(passed.size(), "test"));
            }
            if (criterion.plannedIn() != null && !criterion.plannedIn().isBlank()) {
                reason.add("planned: " + criterion.plannedIn());
            }
        } else if (tests.isEmpty()) {
            verdict = Verdict.NOT_VERIFIED;
            reason.add(noTests);
        } else if (!skipped.isEmpty()) {
            verdict = Verdict.NOT_VERIFIED;
            reason.add((passed.isEmpty() ? "" : count(passed.size(), "test") + " passed, but ")
                    + skipped.size() + " skipped: " + String.join("; ", distinctSkipReasons(skipped)));
        } else if (!gatingUnmeasured.isEmpty()) {
            verdict = Verdict.NOT_VERIFIED;
            reason.add(count(passed.size(), "test") + " passed, but gating metric not measured: "
                    + gatingUnmeasured.stream().map(MetricResult::id).collect(Collectors.joining(", ")));
        } else if (passed.isEmpty()) {
            verdict = Verdict.NOT_VERIFIED;
            reason.add("only not-applicable tests");
        } else {
            verdict = Verdict.PASS;
            reason.add(count(passed.size(), "test") + " passed");
        }
        notApplicable.forEach(t -> reason.add("not applicable: " + t.name()));
        own.stream().filter(m -> !m.gating() && (m.status() == MetricStatus.MISSED || m.status() == MetricStatus.UNIT_MISMATCH))
                .forEach(m -> reason.add("target missed (not gating): " + m.describeMeasurement()));
        return new CriterionResult(criterion.id(), criterion.title(), criterion.shows(), verdict, String.join("; ", reason),
                tests.stream().map(t -> defects.statusOf(t) + " " + t.name()).toList(),
                own.stream().map(MetricResult::id).toList());
    }

    /**
     * Why failed tests fail: "2 tests failed: a(), b()" for ordinary failures (with why a known defect they name does
     * not apply), "known defect <id>: <behaviour> (<test>)" for each known-defect failure.
     */
    private static List<String> failureReasons(List<TestRecord> failed, KnownDefectFindings defects) {
        List<String> reasons = new ArrayList<>();
        List<TestRecord> ordinary = failed.stream().filter(t -> defects.failuresOf(t).isEmpty()).toList();
        if (!ordinary.isEmpty()) {
            reasons.add(count(ordinary.size(), "test") + " failed: " + names(ordinary));
            ordinary.forEach(t -> defects.notInRangeOf(t).forEach(n -> reasons.add(n.message() + " (" + t.name() + ")")));
        }
        for (TestRecord test : failed) {
            defects.failuresOf(test).forEach(f -> reasons.add("known defect " + f.defect() + ": " + f.behaviour() + " (" + test.name()
                    + " FAIL (KNOWN DEFECT))"));
        }
        return reasons;
    }

    /** The generated criteria of checkpoint 1.1: one per S3 operation the platform sent, or one saying the traffic was not recorded. */
    private static List<CriterionResult> s3OperationCriteria(List<TestRecord> checkpointTests, List<MetricResult> metrics, RunInputs inputs,
                                                             KnownDefectFindings defects) {
        if (inputs.s3Operations() == null) {
            return List.of(evaluate(S3OperationCoverage.notRecordedCriterion(), List.of(), S3OperationCoverage.NOT_RECORDED, metrics,
                    inputs.environment(), defects));
        }
        return inputs.s3Operations().operations().stream().filter(S3Operations.Operation::sentByThePlatform)
                .map(op -> evaluate(S3OperationCoverage.criterion(op), S3OperationCoverage.coveringTests(op.operation(), checkpointTests),
                        S3OperationCoverage.uncoveredReason(op), metrics, inputs.environment(), defects))
                .toList();
    }

    /** "2.1.a, 2.1.b: needs a target with KUBERNETES, ...": criteria grouped by the first clause of their reasons (the rest is theirs). */
    private static List<String> groupedReasons(List<CriterionResult> criteria, String label) {
        Map<String, List<String>> idsByReason = new LinkedHashMap<>();
        for (CriterionResult criterion : criteria) {
            String first = criterion.reason().split("; ", 2)[0];
            idsByReason.computeIfAbsent(first, k -> new ArrayList<>()).add(criterion.id());
        }
        List<String> reasons = new ArrayList<>();
        idsByReason.forEach((reason, ids) -> reasons.add(String.join(", ", ids) + (label.isEmpty() ? ": " : " " + label) + reason));
        return reasons;
    }

    /** The capabilities a criterion requires that the target does not have (all of them when it did not say). */
    private static List<String> lackingCapabilities(Criterion criterion, EnvironmentInfo environment) {
        Set<String> present = environment == null ? Set.of() : environment.capabilities().orElse(Set.of());
        return criterion.requires().stream().filter(r -> !present.contains(r)).toList();
    }

    // ------------------------------------------------------------------ one checkpoint

    private CheckpointResult evaluate(Checkpoint checkpoint, List<TestRecord> tests, List<MetricResult> metrics, RunInputs inputs,
                                      KnownDefectFindings defects) {
        EnvironmentInfo environment = inputs.environment();
        List<CriterionResult> criteria = new ArrayList<>(checkpoint.criteria().stream().map(c -> evaluate(c, tests, metrics, environment, defects)).toList());
        if (checkpoint.id().equals(S3OperationCoverage.CHECKPOINT)) {
            criteria.addAll(s3OperationCriteria(tests, metrics, inputs, defects));
        }
        List<MetricResult> looseGatingMisses = metrics.stream().filter(m -> m.criterion() == null && m.failsGate()).toList();
        List<MetricResult> missedTargets = metrics.stream()
                .filter(m -> m.status() == MetricStatus.MISSED || m.status() == MetricStatus.UNIT_MISMATCH).toList();
        long pass = criteria.stream().filter(c -> c.verdict() == Verdict.PASS).count();
        long fail = criteria.stream().filter(c -> c.verdict() == Verdict.FAIL).count();

        Verdict verdict;
        List<String> reason = new ArrayList<>();
        if (fail > 0 || !looseGatingMisses.isEmpty()) {
            verdict = Verdict.FAIL;
            List<String> failedIds = criteria.stream().filter(c -> c.verdict() == Verdict.FAIL).map(CriterionResult::id).toList();
            if (!failedIds.isEmpty()) {
                reason.add(count(failedIds.size(), "criterion", "criteria") + " failed (" + String.join(", ", failedIds) + ")");
            }
            List<TestRecord> failedTests = withStatus(tests, TestStatus.FAIL);
            List<TestRecord> ordinary = failedTests.stream().filter(t -> defects.failuresOf(t).isEmpty()).toList();
            List<TestRecord> known = failedTests.stream().filter(t -> !defects.failuresOf(t).isEmpty()).toList();
            if (!ordinary.isEmpty()) {
                reason.add(count(ordinary.size(), "test") + " failed: " + names(ordinary));
            }
            if (!known.isEmpty()) {
                reason.add(known.size() + " FAIL (KNOWN DEFECT): " + known.stream().map(t -> t.name() + " ("
                        + String.join(", ", defects.failuresOf(t).stream().map(KnownDefectFindings.Failure::defect).toList()) + ")")
                        .collect(Collectors.joining(", ")));
            }
            metrics.stream().filter(MetricResult::failsGate)
                    .forEach(m -> reason.add("gating metric " + m.status().label() + ": " + m.describeMeasurement()));
        } else if (pass == criteria.size() && missedTargets.isEmpty()) {
            verdict = Verdict.PASS;
            reason.add("all " + count(criteria.size(), "criterion", "criteria") + " verified");
        } else if (pass > 0) {
            verdict = Verdict.PARTIAL;
            reason.add(pass + " of " + count(criteria.size(), "criterion", "criteria") + " verified");
            reason.addAll(groupedReasons(criteria.stream().filter(c -> c.verdict() == Verdict.NOT_VERIFIED).toList(), "NOT VERIFIED: "));
            missedTargets.forEach(m -> reason.add("target missed (not gating): " + m.describeMeasurement()));
        } else {
            verdict = Verdict.NOT_VERIFIED;
            reason.add("none of its " + count(criteria.size(), "criterion", "criteria") + " verified");
            reason.addAll(groupedReasons(criteria, ""));
        }
        return new CheckpointResult(
                checkpoint.id(), checkpoint.title(), checkpoint.goal(), catalogue.goalTitle(checkpoint.goal()),
                checkpoint.description(), verdict, String.join("; ", reason), criteria,
                CheckpointResult.TestCounts.of(tests), List.copyOf(tests), metrics,
                verdict == Verdict.FAIL ? logsOf(checkpoint, environment) : Map.of());
    }

    /** A test that found the path it checks does not exist on this platform, and said so ("not applicable: ..."). */
    static boolean isNotApplicable(TestRecord test) {
        return test.status() == TestStatus.NA && test.message() != null && test.message().strip().toLowerCase(Locale.ROOT).startsWith("not applicable");
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

    /**
     * The logs of the checkpoint's components: a label matches a component when it equals it or starts with it and a
     * dash ("ceph" matches ceph-mon and ceph-osd, "spark" every driver's log); all logs when none matches.
     */
    static Map<String, String> logsOf(Checkpoint checkpoint, EnvironmentInfo environment) {
        if (environment == null || environment.logs().isEmpty()) {
            return Map.of();
        }
        List<String> components = checkpoint.components().stream().map(c -> c.toLowerCase(Locale.ROOT)).toList();
        Map<String, String> logs = new LinkedHashMap<>();
        environment.logs().forEach((label, path) -> {
            if (matchesAny(label, components)) {
                logs.put(label, path);
            }
        });
        return logs.isEmpty() ? environment.logs() : logs;
    }

    /** Whether a log label belongs to one of the components (equal, or the component and a dash as its prefix). */
    private static boolean matchesAny(String label, List<String> components) {
        String name = label.toLowerCase(Locale.ROOT);
        return components.stream().anyMatch(c -> name.equals(c) || name.startsWith(c + "-"));
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
                results.add(new MetricResult(figure.id(), "", figure.unit(), null, false, null, figure.value(),
                        MetricStatus.NO_TARGET, figure.detail(), figure.samples(), figure.test(), "not defined in the checkpoint catalogue"));
            }
        }
        return results;
    }

    /** A catalogue metric compared with its figure (null when not measured). */
    static MetricResult measure(MetricDefinition definition, Figure figure) {
        if (figure == null) {
            return new MetricResult(definition.id(), definition.description(), definition.unit(), definition.target(),
                    definition.gating(), definition.criterion(), null, MetricStatus.NOT_MEASURED, null, List.of(), null, null);
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
                definition.gating(), definition.criterion(), figure.value(), status, figure.detail(), figure.samples(), figure.test(), note);
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

    /** What fails the gate; empty when it passes. */
    private static List<String> gateReasons(List<CheckpointResult> checkpoints, GateReport.Completeness completeness,
                                            List<GateReport.UnknownReference> unknown, List<TestRecord> unmapped,
                                            List<MetricResult> environmentMetrics, List<SecretFinding> secretFindings,
                                            KnownDefectFindings defects) {
        List<String> reasons = new ArrayList<>();
        for (CheckpointResult c : checkpoints) {
            if (c.verdict() != Verdict.FAIL || failsOnlyThroughAcceptedKnownDefects(c, defects)) {
                continue;
            }
            List<String> notAccepted = c.tests().stream().filter(t -> !defects.isAccepted(t))
                    .flatMap(t -> defects.failuresOf(t).stream()).map(KnownDefectFindings.Failure::defect).distinct().toList();
            reasons.add("checkpoint " + c.id() + " " + c.title() + " FAILED: " + c.reason() + (notAccepted.isEmpty() ? ""
                    : "; known defects not accepted: " + String.join(", ", notAccepted) + " (" + defects.policyText() + ")"));
        }
        if (!completeness.complete()) {
            reasons.add(completeness.message());
        }
        if (!unknown.isEmpty()) {
            reasons.add(count(unknown.size(), "reference") + " to checkpoints or criteria not in the catalogue: " + unknown.stream()
                    .map(u -> u.checkpoint() + " (" + u.kind() + " " + u.name() + ")").collect(Collectors.joining(", ")));
        }
        if (!defects.unknownIds().isEmpty()) {
            reasons.add(count(defects.unknownIds().size(), "reference") + " to known defects not in known-defects.yaml (" + defects.list()
                    + "): " + defects.unknownIds().stream().map(u -> u.checkpoint() + " (test " + u.name() + ")").collect(Collectors.joining(", ")));
        }
        List<TestRecord> unmappedFailures = withStatus(unmapped, TestStatus.FAIL);
        if (!unmappedFailures.isEmpty()) {
            reasons.add(count(unmappedFailures.size(), "failing test") + " naming no checkpoint: " + names(unmappedFailures));
        }
        environmentMetrics.stream().filter(MetricResult::failsGate)
                .forEach(m -> reasons.add("gating environment metric " + m.status().label() + ": " + m.describeMeasurement()));
        if (!secretFindings.isEmpty()) {
            reasons.add(count(secretFindings.size(), "secret") + " of the run found in what the platform wrote: " + secretFindings.stream()
                    .map(f -> f.file() + ":" + f.line() + " (" + f.secret() + ")").collect(Collectors.joining(", ")));
        }
        return reasons;
    }

    /**
     * The FAILed checkpoints that do not fail the gate because every failure in them is a known defect the policy
     * accepts: "accepted known defects: checkpoint 1.1 ... FAILED only through ...". Listed with the gate's reasons.
     */
    private static List<String> acceptedKnownDefects(List<CheckpointResult> checkpoints, KnownDefectFindings defects) {
        List<String> accepted = new ArrayList<>();
        for (CheckpointResult c : checkpoints) {
            if (c.verdict() == Verdict.FAIL && failsOnlyThroughAcceptedKnownDefects(c, defects)) {
                accepted.add(GateReport.ACCEPTED_PREFIX + "checkpoint " + c.id() + " " + c.title() + " FAILED only through "
                        + withStatus(c.tests(), TestStatus.FAIL).stream().map(t -> t.name() + " (" + String.join(", ",
                        defects.failuresOf(t).stream().map(KnownDefectFindings.Failure::defect).toList()) + ")").collect(Collectors.joining(", "))
                        + "; " + defects.policyText());
            }
        }
        return accepted;
    }

    /** Every failed test of the checkpoint is a known defect the policy accepts, and no gating metric failed. */
    private static boolean failsOnlyThroughAcceptedKnownDefects(CheckpointResult checkpoint, KnownDefectFindings defects) {
        List<TestRecord> failed = withStatus(checkpoint.tests(), TestStatus.FAIL);
        return !failed.isEmpty() && failed.stream().allMatch(defects::isAccepted)
                && checkpoint.metrics().stream().noneMatch(MetricResult::failsGate);
    }

    private static GateReport.Summary summary(List<CheckpointResult> checkpoints, RunInputs inputs, KnownDefectFindings defects) {
        CheckpointResult.TestCounts tests = CheckpointResult.TestCounts.of(inputs.records());
        List<CriterionResult> criteria = checkpoints.stream().flatMap(c -> c.criteria().stream()).toList();
        return new GateReport.Summary(
                criteria.size(),
                (int) criteria.stream().filter(c -> c.verdict() == Verdict.PASS).count(),
                (int) criteria.stream().filter(c -> c.verdict() == Verdict.FAIL).count(),
                (int) criteria.stream().filter(c -> c.verdict() == Verdict.NOT_VERIFIED).count(),
                checkpoints.size(),
                countOf(checkpoints, Verdict.PASS),
                countOf(checkpoints, Verdict.PARTIAL),
                countOf(checkpoints, Verdict.FAIL),
                countOf(checkpoints, Verdict.NOT_VERIFIED),
                tests.total(), tests.passed(), tests.failed(), tests.skipped(),
                inputs.figures().size(),
                (int) inputs.records().stream().filter(t -> !defects.failuresOf(t).isEmpty()).count(),
                inputs.records().stream().filter(t -> !defects.failuresOf(t).isEmpty()).map(t -> defects.statusOf(t) + " " + t.name()).toList(),
                (int) inputs.records().stream().filter(defects::isAccepted).count(),
                defects.stale().stream().map(KnownDefectFindings.Stale::message).toList(),
                inputs.restarts().size());
    }

    private static int countOf(List<CheckpointResult> checkpoints, Verdict verdict) {
        return (int) checkpoints.stream().filter(c -> c.verdict() == verdict).count();
    }

    private static String names(List<TestRecord> tests) {
        return tests.stream().map(TestRecord::name).collect(Collectors.joining(", "));
    }

    private static String count(int n, String noun) {
        return count(n, noun, noun + "s");
    }

    private static String count(long n, String singular, String plural) {
        return n + " " + (n == 1 ? singular : plural);
    }
}
