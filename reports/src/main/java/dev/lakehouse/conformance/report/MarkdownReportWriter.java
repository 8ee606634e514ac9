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
        md.append("- ").append(text("Results: " + report.completeness().message())).append('\n');
        md.append("- Generated at ").append(text(report.generatedAt())).append("\n\n");
        if (!report.gateReasons().isEmpty()) {
            md.append("## Why the gate failed\n\n");
            report.gateReasons().forEach(r -> md.append("- ").append(text(r)).append('\n'));
            md.append('\n');
        }
        whatWasTested(md, report);
        timeline(md, report.timeline());
        summaryTable(md, report);
        criteriaTable(md, report);
        problems(md, report);
        md.append("## Checkpoints\n\n");
        report.checkpoints().forEach(c -> checkpoint(md, c, outDir));
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
            testsTable(md, report.unmappedTests());
        }
    }

    private static void checkpoint(StringBuilder md, CheckpointResult c, Path outDir) {
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
            testsTable(md, c.tests());
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

    private static void testsTable(StringBuilder md, List<TestRecord> tests) {
        md.append("| Status | Test | Duration | Message |\n|---|---|---|---|\n");
        tests.forEach(t -> row(md, t.status().name(), t.name(), ReportText.seconds(t.duration()), ReportText.orDash(t.message())));
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
