package dev.lakehouse.conformance.report;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes gate.html: one self-contained page (inline CSS and SVG charts, no scripts, no external resources),
 * so that it works offline and as a single file.
 */
public final class HtmlReportWriter {
    public static final String FILE_NAME = "gate.html";

    private static final String CSS = """
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;max-width:1200px;padding:0 1rem;color:#1f2328;line-height:1.45}
            h1{margin-bottom:.3rem}h2{border-bottom:1px solid #d0d7de;padding-bottom:.3rem;margin-top:2rem}
            h3{margin-top:1.8rem}
            table{border-collapse:collapse;margin:.6rem 0 1rem;width:100%}
            th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top;font-size:.92rem}
            th{background:#f6f8fa}
            .badge{display:inline-block;padding:.1rem .55rem;border-radius:1rem;font-weight:600;font-size:.85rem;white-space:nowrap;color:#fff}
            .pass{background:#1a7f37}.fail{background:#cf222e}.not-verified{background:#9a6700}.partial{background:#0969da}
            .na{background:#6e7781}.big{font-size:1.3rem;padding:.25rem .9rem}.known-defect{background:#8c1d18}
            .warning{border-left:4px solid #9a6700;background:#fff8e5;padding:.5rem 1rem}
            .met{color:#1a7f37;font-weight:600}.missed,.unit-mismatch{color:#cf222e;font-weight:600}
            .no-target,.not-measured{color:#6e7781}
            .reasons{border-left:4px solid #cf222e;background:#fff5f5;padding:.5rem 1rem}
            .missing{border-left:4px solid #9a6700;background:#fff8e5;padding:.5rem 1rem}
            .goal{color:#57606a;font-style:italic}
            pre{background:#f6f8fa;padding:.6rem;overflow-x:auto;font-size:.85rem}
            code{font-size:.9em}
            .nowrap{white-space:nowrap}
            figure.chart{margin:1.5rem 0 2rem}figcaption{font-weight:600;margin-bottom:.4rem}
            svg.chart{display:block;max-width:100%;height:auto}
            table.chart-data{width:auto;min-width:40%}table.chart-data td{text-align:right;font-variant-numeric:tabular-nums}
            caption{caption-side:top;text-align:left;color:#57606a;font-size:.85rem;padding-bottom:.2rem}
            """;

    public Path write(GateReport report, Path outDir) {
        return ReportFiles.write(outDir.resolve(FILE_NAME), render(report, outDir));
    }

    /** The page; {@code outDir} is where it will be written, for relative links to logs (may be null). */
    public String render(GateReport report, Path outDir) {
        List<BenchmarkChart> charts = BenchmarkChart.of(report.figures());
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(esc(ReportText.TITLE + ": " + report.verdict().label())).append("</title>\n")
                .append("<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
        html.append("<h1>").append(esc(ReportText.TITLE)).append("</h1>\n");
        html.append("<p>Overall verdict: ").append(badge(report.verdict(), true)).append("</p>\n<ul>\n");
        html.append("<li><strong>").append(esc(ReportText.criteriaCounts(report.summary(), report.environment())))
                .append("</strong> (<a href=\"#criteria\">plan criteria</a>)</li>\n");
        li(html, ReportText.checkpointCounts(report.summary()));
        li(html, ReportText.testCounts(report.summary()));
        if (!ReportText.knownDefectCounts(report.summary()).isEmpty()) {
            html.append("<li><strong>").append(esc(ReportText.knownDefectCounts(report.summary())))
                    .append("</strong> (<a href=\"#known-defects\">known defects</a>)</li>\n");
        }
        report.summary().staleKnownDefects().forEach(w -> html.append("<li class=\"warning\"><strong>Warning:</strong> ").append(esc(w)).append("</li>\n"));
        if (!ReportText.restartCounts(report).isEmpty()) {
            html.append("<li><strong>").append(esc(ReportText.restartCounts(report))).append("</strong> (<a href=\"#restarts\">restarts</a>)</li>\n");
        }
        li(html, "Results: " + report.completeness().message());
        li(html, "Generated at " + report.generatedAt());
        if (!charts.isEmpty()) {
            html.append("<li><a href=\"#timeline\">Timeline</a> of the run</li>\n");
            html.append("<li><a href=\"#benchmarks\">Benchmarks</a>: ").append(charts.size()).append(charts.size() == 1 ? " chart" : " charts")
                    .append("</li>\n");
        }
        html.append("</ul>\n");
        if (!report.blockingReasons().isEmpty()) {
            html.append("<h2>Why the gate failed</h2>\n<div class=\"reasons\"><ul>\n");
            report.gateReasons().forEach(r -> li(html, r));
            html.append("</ul></div>\n");
        } else if (!report.acceptedKnownDefectReasons().isEmpty()) {
            html.append("<h2>Accepted known defects</h2>\n<div class=\"warning\"><ul>\n");
            report.acceptedKnownDefectReasons().forEach(r -> li(html, r));
            html.append("</ul></div>\n");
        }
        whatWasTested(html, report);
        timeline(html, report.timeline());
        summaryTable(html, report);
        criteriaTable(html, report);
        problems(html, report);
        knownDefects(html, report.knownDefects());
        s3Operations(html, report.s3Operations());
        restarts(html, report.restarts());
        html.append("<h2>Checkpoints</h2>\n");
        report.checkpoints().forEach(c -> checkpoint(html, c, outDir, report.knownDefects()));
        benchmarks(html, charts);
        html.append("</body>\n</html>\n");
        return html.toString();
    }

    private static void whatWasTested(StringBuilder html, GateReport report) {
        html.append("<h2>What was tested</h2>\n");
        EnvironmentInfo env = report.environment();
        if (env == null) {
            html.append("<p class=\"missing\"><strong>environment.json was not found</strong>: the environment did not describe "
                    + "itself, so what was tested is unknown (it probably failed before it was ready).</p>\n");
        } else {
            html.append("<table>\n");
            headerRow(html, "Target", "Backend", "Run id", "Started at", "Ready in");
            row(html, ReportText.orDash(env.target()), ReportText.orDash(env.backend()), ReportText.orDash(env.runId()),
                    ReportText.orDash(env.startedAt()), ReportText.ready(report));
            html.append("</table>\n");
            if (!env.components().isEmpty()) {
                html.append("<table>\n");
                headerRow(html, "Component", "Version", "Started in", "Endpoint");
                env.components().forEach(c -> row(html, c.name(), ReportText.orDash(c.version()),
                        c.startSeconds() == null ? "—" : ReportText.seconds(c.startSeconds()), ReportText.orDash(c.endpoint())));
                html.append("</table>\n");
            }
        }
        if (!report.environmentMetrics().isEmpty()) {
            html.append("<p>Environment metrics:</p>\n");
            metricsTable(html, report.environmentMetrics());
        }
        if (!report.notes().isEmpty()) {
            html.append("<p>Notes:</p>\n<ul>\n");
            report.notes().forEach(n -> li(html, n));
            html.append("</ul>\n");
        }
    }

    /** Where the time went: the first thing to look at when the gate gets slow. */
    private static void timeline(StringBuilder html, RunTimeline timeline) {
        if (timeline.isEmpty()) {
            return;
        }
        html.append("<h2 id=\"timeline\">Timeline</h2>\n<p>Each component's start (launch to ready), each suite class with its tests "
                + "(green passed, red failed, amber skipped) and the machine's CPU use, on one time axis from ").append(esc(timeline.origin()))
                .append(" (").append(esc(Numbers.format(timeline.endSeconds()))).append(" s in all).</p>\n<figure class=\"chart\">\n")
                .append(SvgTimeline.render(timeline)).append("\n</figure>\n");
    }

    private static void summaryTable(StringBuilder html, GateReport report) {
        html.append("<h2>Summary</h2>\n<table>\n");
        headerRow(html, "Checkpoint", "Title", "Goal", "Verdict", "Reason", "Evidence");
        for (CheckpointResult c : report.checkpoints()) {
            html.append("<tr><td><a href=\"#cp-").append(esc(c.id())).append("\">").append(esc(c.id())).append("</a></td>")
                    .append(td(c.title())).append(td(c.goal() + ". " + c.goalTitle()))
                    .append("<td>").append(badge(c.verdict(), false)).append("</td>")
                    .append(td(c.reason())).append(td(c.evidence())).append("</tr>\n");
        }
        html.append("</table>\n");
    }

    /** Every plan item of every checkpoint with its verdict: what the gate verified, and what it did not. */
    private static void criteriaTable(StringBuilder html, GateReport report) {
        html.append("<h2 id=\"criteria\">Plan criteria</h2>\n<table>\n");
        headerRow(html, "Criterion", "Plan item", "Verdict", "Reason");
        for (CheckpointResult c : report.checkpoints()) {
            for (CriterionResult criterion : c.criteria()) {
                html.append("<tr>").append(td("<code>", criterion.id(), "</code>")).append(td(criterion.title()))
                        .append("<td>").append(badge(criterion.verdict(), false)).append("</td>").append(td(criterion.reason())).append("</tr>\n");
            }
        }
        html.append("</table>\n");
    }

    private static void problems(StringBuilder html, GateReport report) {
        if (!report.secretFindings().isEmpty()) {
            html.append("<h2>Secrets found in what the platform wrote</h2>\n<div class=\"reasons\"><p>The run found its own secrets "
                    + "in these files; each one fails the gate. The secret is masked here.</p></div>\n<table>\n");
            headerRow(html, "Secret", "File", "Line", "Text");
            report.secretFindings().forEach(f -> row(html, f.secret(), f.file(), Integer.toString(f.line()), ReportText.orDash(f.masked())));
            html.append("</table>\n");
        }
        if (!report.unknownCheckpoints().isEmpty()) {
            html.append("<h2>Unknown checkpoints</h2>\n<p>These records name checkpoint ids that are not in the catalogue; "
                    + "they fail the gate.</p>\n<table>\n");
            headerRow(html, "Checkpoint id", "Kind", "Name", "Status");
            report.unknownCheckpoints().forEach(u -> row(html, u.checkpoint(), u.kind(), u.name(), ReportText.orDash(u.status())));
            html.append("</table>\n");
        }
        if (!report.unmappedTests().isEmpty()) {
            html.append("<h2>Tests naming no checkpoint</h2>\n<p>These tests name no checkpoint; a failing one fails the gate.</p>\n");
            testsTable(html, report.unmappedTests(), report.knownDefects());
        }
    }

    /** Failures explained by known defects, defects that no longer reproduce, and ids not in the list. */
    private static void knownDefects(StringBuilder html, KnownDefectFindings findings) {
        if (findings.failures().isEmpty() && findings.stale().isEmpty() && findings.notInRange().isEmpty() && findings.unknownIds().isEmpty()) {
            return;
        }
        html.append("<h2 id=\"known-defects\">Known platform defects</h2>\n<p>")
                .append(esc("From " + findings.list() + "; " + findings.policyText() + ".")).append("</p>\n");
        if (!findings.failures().isEmpty()) {
            html.append("<p>FAIL (KNOWN DEFECT): failed tests a known defect of the version under test explains. Their criteria and "
                    + "checkpoints FAIL; the gate's policy decides whether that fails the gate.</p>\n<table>\n");
            headerRow(html, "Test", "Defect", "Version", "Behaviour", "Impact", "Reference", "Gate");
            findings.failures().forEach(f -> html.append("<tr>").append(td(f.test())).append(td("<code>", f.defect(), "</code>"))
                    .append(tdNowrap(f.component() + " " + f.componentVersion())).append(td(f.behaviour())).append(td(f.impact()))
                    .append(td(f.reference())).append(td(ReportText.gateEffect(findings, f))).append("</tr>\n"));
            html.append("</table>\n");
        }
        if (!findings.stale().isEmpty()) {
            html.append("<div class=\"warning\"><p>Known defects that no longer reproduce:</p><ul>\n");
            findings.stale().forEach(w -> html.append("<li><strong>Warning:</strong> ").append(esc(w.message())).append("</li>\n"));
            html.append("</ul></div>\n");
        }
        if (!findings.notInRange().isEmpty()) {
            html.append("<p>Failed tests naming a known defect whose range does not cover the version under test (ordinary failures):</p>\n<ul>\n");
            findings.notInRange().forEach(n -> li(html, n.test() + ": " + n.message()));
            html.append("</ul>\n");
        }
        if (!findings.unknownIds().isEmpty()) {
            html.append("<p>Known defect ids not in known-defects.yaml (each fails the gate):</p>\n<table>\n");
            headerRow(html, "Defect id", "Test", "Status");
            findings.unknownIds().forEach(u -> row(html, u.checkpoint(), u.name(), ReportText.orDash(u.status())));
            html.append("</table>\n");
        }
    }

    /** The operations the platform's clients sent, each with the 1.1 tests covering it; those only the suites sent, briefly. */
    private static void s3Operations(StringBuilder html, S3OperationCoverage coverage) {
        html.append("<h2 id=\"s3-operations\">S3 operations the platform sent</h2>\n");
        if (!coverage.recorded()) {
            html.append("<p class=\"missing\">").append(esc(S3OperationCoverage.NOT_RECORDED)).append(" (criterion <code>")
                    .append(esc(S3OperationCoverage.COVERAGE_ID)).append("</code> NOT VERIFIED).</p>\n");
            return;
        }
        html.append("<p>").append(esc("From " + ReportText.orDash(coverage.source())
                + (coverage.requests() == null ? "" : "; " + coverage.requests() + " requests")
                + (coverage.unparsed() == null ? "" : ", " + coverage.unparsed() + " unparsed"))).append("</p>\n");
        if (coverage.platform().isEmpty()) {
            html.append("<p>The platform's own clients sent no S3 request during the run.</p>\n");
        } else {
            html.append("<table>\n");
            headerRow(html, "Operation", "Verdict", "Platform requests", "All requests", "Clients", "Statuses", "Features", "Covering 1.1 tests");
            for (S3OperationCoverage.Covered o : coverage.platform()) {
                html.append("<tr><td><a href=\"#cr-").append(esc(o.criterion())).append("\"><code>").append(esc(o.operation())).append("</code></a>");
                if (o.example() != null) {
                    html.append("<br><small><code>").append(esc(o.example())).append("</code></small>");
                }
                html.append("</td><td>").append(badge(o.verdict(), false)).append("</td>")
                        .append(tdNowrap(Long.toString(o.platformRequests()))).append(tdNowrap(Long.toString(o.requests())))
                        .append(td(ReportText.orDash(S3Operations.Operation.describe(o.clients()))))
                        .append(td(ReportText.orDash(S3Operations.Operation.describeStatuses(o.statuses()))))
                        .append(td(ReportText.orDash(String.join(", ", o.features()))))
                        .append("<td>").append(o.tests().isEmpty() ? "none" : String.join("<br>", o.tests().stream().map(HtmlReportWriter::esc).toList()))
                        .append("</td></tr>\n");
            }
            html.append("</table>\n");
        }
        if (!coverage.suiteOnly().isEmpty()) {
            html.append("<p>").append(esc("Sent only by the suites: " + String.join(", ", coverage.suiteOnly().stream()
                    .map(o -> o.operation() + " (" + o.requests() + ")").toList()))).append("</p>\n");
        }
    }

    /** Components that died during the run: no verdict changes by itself, but nobody should miss it. */
    private static void restarts(StringBuilder html, List<ComponentRestart> restarts) {
        if (restarts.isEmpty()) {
            return;
        }
        html.append("<h2 id=\"restarts\">Components restarted during the run</h2>\n<table>\n");
        headerRow(html, "Component", "Died at", "Exit", "During tests", "Restarted at", "Restart");
        for (ComponentRestart r : restarts) {
            html.append("<tr>").append(td(r.component())).append(tdNowrap(r.diedAt())).append(td(ReportText.orDash(r.exit())))
                    .append("<td>").append(r.duringTests().isEmpty() ? "—" : String.join("<br>", r.duringTests().stream().map(HtmlReportWriter::esc).toList()))
                    .append("</td>").append(tdNowrap(ReportText.orDash(r.restartedAt()))).append(tdNowrap(ReportText.restartOutcome(r))).append("</tr>\n");
            if (r.logTail() != null && !r.logTail().isBlank()) {
                html.append("<tr><td colspan=\"6\"><details><summary>log of ").append(esc(r.component())).append(" before it died</summary><pre>")
                        .append(esc(r.logTail())).append("</pre></details></td></tr>\n");
            }
        }
        html.append("</table>\n");
    }

    private static void checkpoint(StringBuilder html, CheckpointResult c, Path outDir, KnownDefectFindings defects) {
        html.append("<h3 id=\"cp-").append(esc(c.id())).append("\">").append(esc(c.id() + " " + c.title())).append(' ')
                .append(badge(c.verdict(), false)).append("</h3>\n");
        html.append("<p class=\"goal\">Goal ").append(c.goal()).append(": ").append(esc(c.goalTitle())).append("</p>\n");
        if (c.description() != null) {
            html.append("<p>").append(esc(c.description())).append("</p>\n");
        }
        html.append("<p><strong>Verdict: ").append(esc(c.verdict().label())).append("</strong> — ").append(esc(c.reason())).append("</p>\n");
        html.append("<table>\n");
        headerRow(html, "Criterion", "Plan item", "Verdict", "Reason", "Tests");
        for (CriterionResult criterion : c.criteria()) {
            html.append("<tr id=\"cr-").append(esc(criterion.id())).append("\">").append(td("<code>", criterion.id(), "</code>"))
                    .append("<td>").append(esc(criterion.title()));
            if (criterion.shows() != null) {
                html.append("<br><small>shows: ").append(esc(criterion.shows())).append("</small>");
            }
            html.append("</td><td>").append(badge(criterion.verdict(), false)).append("</td>").append(td(criterion.reason()))
                    .append("<td>").append(criterion.tests().isEmpty() ? "—" : String.join("<br>", criterion.tests().stream().map(HtmlReportWriter::esc).toList()))
                    .append("</td></tr>\n");
        }
        html.append("</table>\n");
        if (!c.logs().isEmpty()) {
            html.append("<p>Logs:</p>\n<ul>\n");
            for (Map.Entry<String, String> log : c.logs().entrySet()) {
                String href = ReportFiles.logHref(outDir, log.getValue());
                html.append("<li>");
                if (href == null) {
                    html.append(esc(log.getKey()));
                } else {
                    html.append("<a href=\"").append(esc(href)).append("\">").append(esc(log.getKey())).append("</a>");
                }
                html.append(": <code>").append(esc(log.getValue())).append("</code></li>\n");
            }
            html.append("</ul>\n");
        }
        if (!c.tests().isEmpty()) {
            testsTable(html, c.tests(), defects);
        }
        if (!c.metrics().isEmpty()) {
            metricsTable(html, c.metrics());
        }
    }

    /** One figure per chart: the SVG, then its numbers as a table (for screen readers, and to copy). */
    private static void benchmarks(StringBuilder html, List<BenchmarkChart> charts) {
        if (charts.isEmpty()) {
            return;
        }
        html.append("<h2 id=\"benchmarks\">Benchmarks</h2>\n");
        for (BenchmarkChart chart : charts) {
            html.append("<figure class=\"chart\">\n<figcaption>").append(esc(chart.group())).append("</figcaption>\n")
                    .append(SvgBarChart.render(chart)).append("\n<table class=\"chart-data\">\n");
            if (!ReportText.chartUnit(chart).isEmpty()) {
                html.append("<caption>").append(esc(ReportText.chartUnit(chart))).append("</caption>\n");
            }
            html.append("<tr><th></th>");
            chart.series().forEach(s -> html.append("<th scope=\"col\">").append(esc(s)).append("</th>"));
            html.append("</tr>\n");
            for (String label : chart.labels()) {
                html.append("<tr><th scope=\"row\">").append(esc(label)).append("</th>");
                chart.series().forEach(s -> html.append(td(ReportText.chartValue(chart, label, s))));
                html.append("</tr>\n");
            }
            html.append("</table>\n</figure>\n");
        }
    }

    private static void testsTable(StringBuilder html, List<TestRecord> tests, KnownDefectFindings defects) {
        html.append("<table>\n");
        headerRow(html, "Status", "Test", "Duration", "Message");
        for (TestRecord t : tests) {
            List<KnownDefectFindings.Failure> known = defects.failuresOf(t);
            html.append("<tr><td>").append(known.isEmpty() ? statusBadge(t.status())
                            : "<span class=\"badge known-defect\">" + esc(defects.statusOf(t)) + "</span>").append("</td>").append(td(t.name()))
                    .append(tdNowrap(ReportText.seconds(t.duration()))).append("<td>").append(esc(ReportText.orDash(t.message())));
            known.forEach(f -> html.append("<br><strong>known defect <code>").append(esc(f.defect())).append("</code>:</strong> ")
                    .append(esc(f.behaviour())).append(" <small>(").append(esc(f.reference())).append(")</small>"));
            if (t.error() != null && !t.error().isBlank()) {
                html.append("<details><summary>stack trace</summary><pre>").append(esc(t.error())).append("</pre></details>");
            }
            html.append("</td></tr>\n");
        }
        html.append("</table>\n");
    }

    private static void metricsTable(StringBuilder html, List<MetricResult> metrics) {
        html.append("<table>\n");
        headerRow(html, "Metric", "Description", "Measured", "Target", "Gating", "Status", "Detail", "Measured by");
        for (MetricResult m : metrics) {
            html.append("<tr>").append(td("<code>", m.id(), "</code>")).append(td(ReportText.orDash(m.description())))
                    .append(tdNowrap(ReportText.measured(m))).append(tdNowrap(ReportText.target(m))).append(td(ReportText.gating(m)))
                    .append("<td class=\"nowrap ").append(cssClass(m.status().name())).append("\">").append(esc(m.status().label())).append("</td>")
                    .append(td(ReportText.detail(m))).append(td(ReportText.measuredBy(m))).append("</tr>\n");
        }
        html.append("</table>\n");
    }

    // ------------------------------------------------------------------ small pieces

    private static String badge(Verdict verdict, boolean big) {
        return "<span class=\"badge " + cssClass(verdict.name()) + (big ? " big" : "") + "\">" + esc(verdict.label()) + "</span>";
    }

    private static String statusBadge(TestStatus status) {
        String css = switch (status) {
            case PASS -> "pass";
            case FAIL -> "fail";
            case NA -> "na";
        };
        return "<span class=\"badge " + css + "\">" + status.name() + "</span>";
    }

    private static String cssClass(String enumName) {
        return enumName.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static void headerRow(StringBuilder html, String... headers) {
        html.append("<tr>");
        for (String header : headers) {
            html.append("<th>").append(esc(header)).append("</th>");
        }
        html.append("</tr>\n");
    }

    private static void row(StringBuilder html, String... cells) {
        html.append("<tr>");
        for (String cell : cells) {
            html.append(td(cell));
        }
        html.append("</tr>\n");
    }

    private static String td(String text) {
        return "<td>" + esc(text) + "</td>";
    }

    private static String tdNowrap(String text) {
        return "<td class=\"nowrap\">" + esc(text) + "</td>";
    }

    private static String td(String before, String text, String after) {
        return "<td>" + before + esc(text) + after + "</td>";
    }

    private static void li(StringBuilder html, String text) {
        html.append("<li>").append(esc(text)).append("</li>\n");
    }

    /** Text as HTML: redacted, with &amp; &lt; &gt; &quot; &#39; escaped (safe in element content and attribute values). */
    static String esc(String raw) {
        if (raw == null) {
            return "";
        }
        String value = Redactor.redact(raw);
        StringBuilder out = new StringBuilder(value.length() + 16);
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            switch (ch) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(ch);
            }
        }
        return out.toString();
    }
}
