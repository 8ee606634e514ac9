package dev.lakehouse.conformance.report;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Writes gate.md, the release-gate report for people (e.g. as a CI job summary). */
public final class MarkdownReportWriter {
    public static final String FILE_NAME = "gate.md";

    public Path write(GateReport report, Path outDir) {
        return ReportFiles.write(outDir.resolve(FILE_NAME), render(report, outDir));
    }

    /** The report; {@code outDir} is where it will be written, for relative links to logs (may be null). */
    public String render(GateReport report, Path outDir) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(ReportText.TITLE).append(": ").append(report.verdict().label()).append("\n\n");
        md.append("**Overall verdict: ").append(report.verdict().label()).append("**\n\n");
        md.append("- **").append(text(ReportText.criteriaCounts(report.summary(), report.environment()))).append("**\n");
        md.append("- ").append(text(ReportText.checkpointCounts(report.summary()))).append('\n');
        md.append("- ").append(text(ReportText.testCounts(report.summary()))).append('\n');
        if (!ReportText.knownDefectCounts(report.summary()).isEmpty()) {
            md.append("- **").append(text(ReportText.knownDefectCounts(report.summary()))).append("**\n");
        }
        report.summary().staleKnownDefects().forEach(w -> md.append("- **Warning:** ").append(text(w)).append('\n'));
        if (!ReportText.restartCounts(report).isEmpty()) {
            md.append("- **").append(text(ReportText.restartCounts(report))).append("**\n");
        }
        md.append("- ").append(text("Results: " + report.completeness().message())).append('\n');
        md.append("- Generated at ").append(text(report.generatedAt())).append("\n\n");
        if (!report.blockingReasons().isEmpty()) {
            md.append("## Why the gate failed\n\n");
            report.gateReasons().forEach(r -> md.append("- ").append(text(r)).append('\n'));
            md.append('\n');
        } else if (!report.acceptedKnownDefectReasons().isEmpty()) {
            md.append("## Accepted known defects\n\n");
            report.acceptedKnownDefectReasons().forEach(r -> md.append("- ").append(text(r)).append('\n'));
            md.append('\n');
        }
        whatWasTested(md, report);
        timeline(md, report.timeline());
        summaryTable(md, report);
        criteriaTable(md, report);
        problems(md, report);
        knownDefects(md, report.knownDefects());
        s3Operations(md, report.s3Operations());
        restarts(md, report.restarts());
        md.append("## Checkpoints\n\n");
        report.checkpoints().forEach(c -> checkpoint(md, c, outDir, report.knownDefects()));
        benchmarks(md, BenchmarkChart.of(report.figures()));
        return md.toString();
    }

    private static void whatWasTested(StringBuilder md, GateReport report) {
        md.append("## What was tested\n\n");
        EnvironmentInfo env = report.environment();
        if (env == null) {
            md.append("> **environment.json was not found**: the environment did not describe itself, "
                    + "so what was tested is unknown (it probably failed before it was ready).\n\n");
        } else {
            md.append("| | |\n|---|---|\n");
            row(md, "Target", ReportText.orDash(env.target()));
            row(md, "Backend", ReportText.orDash(env.backend()));
            row(md, "Run id", ReportText.orDash(env.runId()));
            row(md, "Started at", ReportText.orDash(env.startedAt()));
            row(md, "Ready in", ReportText.ready(report));
            md.append('\n');
            if (!env.components().isEmpty()) {
                md.append("| Component | Version | Started in | Endpoint |\n|---|---|---|---|\n");
                env.components().forEach(c -> row(md, c.name(), ReportText.orDash(c.version()),
                        c.startSeconds() == null ? "—" : ReportText.seconds(c.startSeconds()), ReportText.orDash(c.endpoint())));
                md.append('\n');
            }
        }
        if (!report.environmentMetrics().isEmpty()) {
            md.append("Environment metrics:\n\n");
            metricsTable(md, report.environmentMetrics());
        }
        if (!report.notes().isEmpty()) {
            md.append("Notes:\n\n");
            report.notes().forEach(n -> md.append("- ").append(text(n)).append('\n'));
            md.append('\n');
        }
    }

    /** Where the time went, in numbers (gate.html draws it): component starts and the ten slowest suites. */
    private static void timeline(StringBuilder md, RunTimeline timeline) {
        if (timeline.isEmpty()) {
            return;
        }
        md.append("## Timeline\n\n").append(text(Numbers.format(timeline.endSeconds()) + " s from " + timeline.origin()
                + "; gate.html draws every component, suite and test on one axis with the CPU use")).append("\n\n");
        md.append("| Span | From (s) | To (s) | Seconds |\n|---|---:|---:|---:|\n");
        timeline.components().forEach(b -> row(md, "start: " + b.name(), Numbers.format(b.start()), Numbers.format(b.end()), Numbers.format(b.seconds())));
        timeline.suites().stream().sorted(java.util.Comparator.comparingDouble(RunTimeline.Bar::seconds).reversed()).limit(10)
                .forEach(b -> row(md, b.name(), Numbers.format(b.start()), Numbers.format(b.end()), Numbers.format(b.seconds())));
        if (!timeline.cpu().isEmpty()) {
            double average = timeline.cpu().stream().mapToDouble(RunTimeline.CpuSample::busyPercent).average().orElse(0);
            md.append("\nCPU busy (all cores): ").append(Numbers.format(Math.round(average * 10) / 10.0)).append(" % on average over ")
                    .append(timeline.cpu().size()).append(" samples\n");
        }
        md.append('\n');
    }

    private static void summaryTable(StringBuilder md, GateReport report) {
        md.append("## Summary\n\n");
        md.append("| Checkpoint | Title | Goal | Verdict | Reason | Evidence |\n|---|---|---|---|---|---|\n");
        for (CheckpointResult c : report.checkpoints()) {
            md.append("| ").append(text(c.id())).append(" | ").append(text(c.title())).append(" | ")
                    .append(text(c.goal() + ". " + c.goalTitle())).append(" | **").append(c.verdict().label()).append("** | ")
                    .append(text(c.reason())).append(" | ").append(text(c.evidence())).append(" |\n");
        }
        md.append('\n');
    }

    /** Every plan item of every checkpoint with its verdict: what the gate verified, and what it did not. */
    private static void criteriaTable(StringBuilder md, GateReport report) {
        md.append("## Plan criteria\n\n");
        md.append("| Criterion | Plan item | Verdict | Reason |\n|---|---|---|---|\n");
        for (CheckpointResult c : report.checkpoints()) {
            for (CriterionResult criterion : c.criteria()) {
                row(md, criterion.id(), criterion.title(), criterion.verdict().label(), criterion.reason());
            }
        }
        md.append('\n');
    }

    private static void problems(StringBuilder md, GateReport report) {
        if (!report.secretFindings().isEmpty()) {
            md.append("## Secrets found in what the platform wrote\n\n");
            md.append("The run found its own secrets in these files; each one fails the gate. The secret is masked here.\n\n");
            md.append("| Secret | File | Line | Text |\n|---|---|---|---|\n");
            report.secretFindings().forEach(f -> row(md, f.secret(), f.file(), Integer.toString(f.line()), ReportText.orDash(f.masked())));
            md.append('\n');
        }
        if (!report.unknownCheckpoints().isEmpty()) {
            md.append("## Unknown checkpoints\n\n");
            md.append("These records name checkpoint ids that are not in the catalogue; they fail the gate.\n\n");
            md.append("| Checkpoint id | Kind | Name | Status |\n|---|---|---|---|\n");
            report.unknownCheckpoints().forEach(u -> row(md, u.checkpoint(), u.kind(), u.name(), ReportText.orDash(u.status())));
            md.append('\n');
        }
        if (!report.unmappedTests().isEmpty()) {
            md.append("## Tests naming no checkpoint\n\n");
            md.append("These tests name no checkpoint; a failing one fails the gate.\n\n");
            testsTable(md, report.unmappedTests(), report.knownDefects());
        }
    }

    /** Failures explained by known defects, defects that no longer reproduce, and ids not in the list. */
    private static void knownDefects(StringBuilder md, KnownDefectFindings findings) {
        if (findings.failures().isEmpty() && findings.stale().isEmpty() && findings.notInRange().isEmpty() && findings.unknownIds().isEmpty()) {
            return;
        }
        md.append("## Known platform defects\n\n");
        md.append(text("From " + findings.list() + "; " + findings.policyText() + ".")).append("\n\n");
        if (!findings.failures().isEmpty()) {
            md.append("FAIL (KNOWN DEFECT): failed tests a known defect of the version under test explains. Their criteria and "
                    + "checkpoints FAIL; the gate's policy decides whether that fails the gate.\n\n");
            md.append("| Test | Defect | Version | Behaviour | Impact | Reference | Gate |\n|---|---|---|---|---|---|---|\n");
            findings.failures().forEach(f -> row(md, f.test(), f.defect(), f.component() + " " + f.componentVersion(), f.behaviour(),
                    f.impact(), f.reference(), ReportText.gateEffect(findings, f)));
            md.append('\n');
        }
        if (!findings.stale().isEmpty()) {
            md.append("Known defects that no longer reproduce:\n\n");
            findings.stale().forEach(w -> md.append("- **Warning:** ").append(text(w.message())).append('\n'));
            md.append('\n');
        }
        if (!findings.notInRange().isEmpty()) {
            md.append("Failed tests naming a known defect whose range does not cover the version under test (ordinary failures):\n\n");
            findings.notInRange().forEach(n -> md.append("- ").append(text(n.test() + ": " + n.message())).append('\n'));
            md.append('\n');
        }
        if (!findings.unknownIds().isEmpty()) {
            md.append("Known defect ids not in known-defects.yaml (each fails the gate):\n\n");
            md.append("| Defect id | Test | Status |\n|---|---|---|\n");
            findings.unknownIds().forEach(u -> row(md, u.checkpoint(), u.name(), ReportText.orDash(u.status())));
            md.append('\n');
        }
    }

    /** The operations the platform's clients sent, each with the 1.1 tests covering it; those only the suites sent, briefly. */
    private static void s3Operations(StringBuilder md, S3OperationCoverage coverage) {
        md.append("## S3 operations the platform sent\n\n");
        if (!coverage.recorded()) {
            md.append("> ").append(text(S3OperationCoverage.NOT_RECORDED)).append(" (criterion ")
                    .append(text(S3OperationCoverage.COVERAGE_ID)).append(" NOT VERIFIED).\n\n");
            return;
        }
        md.append(text("From " + ReportText.orDash(coverage.source())
                + (coverage.requests() == null ? "" : "; " + coverage.requests() + " requests")
                + (coverage.unparsed() == null ? "" : ", " + coverage.unparsed() + " unparsed"))).append("\n\n");
        if (coverage.platform().isEmpty()) {
            md.append("The platform's own clients sent no S3 request during the run.\n\n");
        } else {
            md.append("| Operation | Verdict | Platform requests | All requests | Clients | Statuses | Features | Covering 1.1 tests |\n"
                    + "|---|---|---:|---:|---|---|---|---|\n");
            coverage.platform().forEach(o -> row(md, o.operation(), o.verdict().label(), Long.toString(o.platformRequests()),
                    Long.toString(o.requests()), ReportText.orDash(S3Operations.Operation.describe(o.clients())),
                    ReportText.orDash(S3Operations.Operation.describeStatuses(o.statuses())),
                    ReportText.orDash(String.join(", ", o.features())), o.tests().isEmpty() ? "none" : String.join("\n", o.tests())));
            md.append('\n');
        }
        if (!coverage.suiteOnly().isEmpty()) {
            md.append(text("Sent only by the suites: " + String.join(", ", coverage.suiteOnly().stream()
                    .map(o -> o.operation() + " (" + o.requests() + ")").toList()))).append("\n\n");
        }
    }

    /** Components that died during the run: no verdict changes by itself, but nobody should miss it. */
    private static void restarts(StringBuilder md, List<ComponentRestart> restarts) {
        if (restarts.isEmpty()) {
            return;
        }
        md.append("## Components restarted during the run\n\n");
        md.append("| Component | Died at | Exit | During tests | Restarted at | Restart |\n|---|---|---|---|---|---|\n");
        restarts.forEach(r -> row(md, r.component(), r.diedAt(), ReportText.orDash(r.exit()),
                r.duringTests().isEmpty() ? "—" : String.join("\n", r.duringTests()), ReportText.orDash(r.restartedAt()), ReportText.restartOutcome(r)));
        md.append('\n');
        for (ComponentRestart r : restarts) {
            if (r.logTail() != null && !r.logTail().isBlank()) {
                md.append("Log of ").append(text(r.component())).append(" before it died at ").append(text(r.diedAt())).append(":\n\n");
                codeBlock(md, r.logTail());
            }
        }
    }

    private static void checkpoint(StringBuilder md, CheckpointResult c, Path outDir, KnownDefectFindings defects) {
        md.append("### ").append(text(c.id() + " " + c.title())).append(" — ").append(c.verdict().label()).append("\n\n");
        md.append("*Goal ").append(c.goal()).append(": ").append(text(c.goalTitle())).append("*\n\n");
        if (c.description() != null) {
            md.append(text(c.description())).append("\n\n");
        }
        md.append("**Verdict: ").append(c.verdict().label()).append("** — ").append(text(c.reason())).append("\n\n");
        md.append("| Criterion | Plan item | Verdict | Reason | Tests |\n|---|---|---|---|---|\n");
        for (CriterionResult criterion : c.criteria()) {
            row(md, criterion.id(), criterion.title() + (criterion.shows() == null ? "" : "\n(shows: " + criterion.shows() + ")"),
                    criterion.verdict().label(), criterion.reason(),
                    criterion.tests().isEmpty() ? "—" : String.join("\n", criterion.tests()));
        }
        md.append('\n');
        if (!c.logs().isEmpty()) {
            md.append("Logs:\n\n");
            for (Map.Entry<String, String> log : c.logs().entrySet()) {
                String href = ReportFiles.logHref(outDir, log.getValue());
                md.append("- ");
                if (href == null) {
                    md.append(text(log.getKey()));
                } else {
                    md.append('[').append(text(log.getKey())).append("](<").append(href).append(">)");
                }
                md.append(": ").append(codeSpan(log.getValue())).append('\n');
            }
            md.append('\n');
        }
        if (!c.tests().isEmpty()) {
            md.append("Tests:\n\n");
            testsTable(md, c.tests(), defects);
        }
        if (!c.metrics().isEmpty()) {
            md.append("Metrics:\n\n");
            metricsTable(md, c.metrics());
        }
    }

    /** Each chart of gate.html as a table: a row per label, a column per series. */
    private static void benchmarks(StringBuilder md, List<BenchmarkChart> charts) {
        if (charts.isEmpty()) {
            return;
        }
        md.append("## Benchmarks\n\n");
        for (BenchmarkChart chart : charts) {
            md.append("### ").append(text(chart.group())).append("\n\n");
            if (!ReportText.chartUnit(chart).isEmpty()) {
                md.append(text(ReportText.chartUnit(chart))).append("\n\n");
            }
            md.append("| |");
            chart.series().forEach(s -> md.append(' ').append(text(s)).append(" |"));
            md.append("\n|---|").append("---:|".repeat(chart.series().size())).append('\n');
            for (String label : chart.labels()) {
                md.append("| ").append(text(label)).append(" |");
                chart.series().forEach(s -> md.append(' ').append(text(ReportText.chartValue(chart, label, s))).append(" |"));
                md.append('\n');
            }
            md.append('\n');
        }
    }

    private static void testsTable(StringBuilder md, List<TestRecord> tests, KnownDefectFindings defects) {
        md.append("| Status | Test | Duration | Message |\n|---|---|---|---|\n");
        tests.forEach(t -> row(md, defects.statusOf(t), t.name(), ReportText.seconds(t.duration()), ReportText.orDash(t.message())
                + defects.failuresOf(t).stream().map(f -> "\nknown defect " + f.defect() + ": " + f.behaviour() + " (" + f.reference() + ")")
                .collect(java.util.stream.Collectors.joining())));
        md.append('\n');
        for (TestRecord t : tests) {
            if (t.status() == TestStatus.FAIL && t.error() != null && !t.error().isBlank()) {
                md.append("Failure of ").append(text(t.name())).append(":\n\n");
                codeBlock(md, t.error());
            }
        }
    }

    private static void metricsTable(StringBuilder md, List<MetricResult> metrics) {
        md.append("| Metric | Description | Measured | Target | Gating | Status | Detail | Measured by |\n|---|---|---|---|---|---|---|---|\n");
        metrics.forEach(m -> row(md, m.id(), ReportText.orDash(m.description()), ReportText.measured(m), ReportText.target(m),
                ReportText.gating(m), m.status().label(), ReportText.detail(m), ReportText.measuredBy(m)));
        md.append('\n');
    }

    // ------------------------------------------------------------------ escaping

    private static void row(StringBuilder md, String... cells) {
        md.append('|');
        for (String cell : cells) {
            md.append(' ').append(text(cell)).append(" |");
        }
        md.append('\n');
    }

    /**
     * Text as Markdown that shows it literally: redacted, Markdown punctuation backslash-escaped,
     * HTML special characters as entities, line breaks as {@code <br>} (so it also fits in a table cell).
     */
    static String text(String raw) {
        if (raw == null) {
            return "";
        }
        String value = Redactor.redact(raw);
        StringBuilder out = new StringBuilder(value.length() + 16);
        String normalised = value.replace("\r\n", "\n").replace('\r', '\n').strip();
        for (int i = 0; i < normalised.length(); i++) {
            char ch = normalised.charAt(i);
            switch (ch) {
                case '\\', '`', '*', '_', '[', ']', '|', '#', '~' -> out.append('\\').append(ch);
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '\n' -> out.append("<br>");
                default -> out.append(ch);
            }
        }
        return out.toString();
    }

    private static String codeSpan(String raw) {
        String value = Redactor.redact(raw).replace('\n', ' ');
        String fence = "`".repeat(longestRun(value, '`') + 1);
        return fence + " " + value + " " + fence;
    }

    private static void codeBlock(StringBuilder md, String raw) {
        String value = Redactor.redact(raw).replace("\r\n", "\n").stripTrailing();
        String fence = "`".repeat(Math.max(3, longestRun(value, '`') + 1));
        md.append(fence).append('\n').append(value).append('\n').append(fence).append("\n\n");
    }

    private static int longestRun(String value, char ch) {
        int longest = 0;
        int run = 0;
        for (int i = 0; i < value.length(); i++) {
            run = value.charAt(i) == ch ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        return longest;
    }
}
