package dev.lakehouse.conformance.report;

import static dev.lakehouse.conformance.report.Fixtures.fail;
import static dev.lakehouse.conformance.report.Fixtures.figure;
import static dev.lakehouse.conformance.report.Fixtures.pass;
import static dev.lakehouse.conformance.report.Fixtures.skipped;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWritersTest {
    private static final String NASTY = "<script>alert('x')</script> & \"quotes\" | pipe";

    @TempDir
    Path out;

    private final CheckpointCatalogue catalogue = CheckpointCatalogue.loadDefault();

    private GateReport report() {
        EnvironmentInfo environment = new EnvironmentInfo("ephemeral", "processes", "lh-ab12cd", "2026-11-24T09:59:00Z", 27.4,
                List.of(new EnvironmentInfo.Component("trino", "476", 20.1, "http://127.0.0.1:8080")),
                Map.of("trino", "/tmp/run/logs/trino.log"), JsonNodeFactory.instance.objectNode().put("runId", "lh-ab12cd"));
        RunInputs inputs = RunInputs.of(
                List.of(pass("S3IntegrationTest > put()", "1.1"),
                        fail("TrinoTest > tpch()", NASTY + " password=hunter2", "3.1"),
                        skipped("SparkTest > start()", "no Spark on this target", "2.2")),
                List.of(figure("1.1", "s3.put.throughput", 312.5, "MB/s")))
                .withEnvironment(environment);
        return new GateEvaluator(catalogue).evaluate(inputs, Fixtures.NOW);
    }

    @Test
    void jsonContainsEveryCheckpointAndParsesBack() throws IOException {
        Path file = new JsonReportWriter().write(report(), out);

        JsonNode gate = new ObjectMapper().readTree(Files.readString(file));
        assertThat(gate.path("verdict").asText()).as("verdict in gate.json").isEqualTo("FAIL");
        assertThat(gate.path("checkpoints")).as("checkpoints in gate.json").hasSize(catalogue.checkpoints().size());
        for (Checkpoint c : catalogue.checkpoints()) {
            assertThat(gate.path("checkpoints").findValuesAsText("id")).as("ids in gate.json").contains(c.id());
        }
        assertThat(gate.path("records")).as("raw records in gate.json").hasSize(3);
        assertThat(gate.path("environment").path("runId").asText()).as("environment as read").isEqualTo("lh-ab12cd");
        assertThat(gate.path("records").get(0).has("class")).as("records keep the \"class\" field name").isTrue();
    }

    @Test
    void jsonStatusesUseEnumNames() throws IOException {
        JsonNode gate = new ObjectMapper().readTree(new JsonReportWriter().render(report()));

        assertThat(gate.path("checkpoints").findValuesAsText("verdict")).as("checkpoint verdicts")
                .containsOnly("PASS", "PARTIAL", "FAIL", "NOT_VERIFIED");
        assertThat(gate.path("checkpoints").get(0).path("metrics").get(0).path("status").asText())
                .as("status of s3.put.throughput").isEqualTo("NO_TARGET");
    }

    @Test
    void markdownContainsEveryCheckpointId() throws IOException {
        String md = Files.readString(new MarkdownReportWriter().write(report(), out));

        for (Checkpoint c : catalogue.checkpoints()) {
            assertThat(md).as("gate.md mentions checkpoint %s", c.id()).contains("### " + c.id() + " ").contains("| " + c.id() + " |");
        }
        assertThat(md).as("gate.md title").startsWith("# Lakehouse release gate: FAIL");
    }

    @Test
    void markdownEscapesHtmlAndTablePipes() {
        String md = new MarkdownReportWriter().render(report(), out);

        assertThat(md).as("gate.md").doesNotContain("<script>").contains("&lt;script&gt;").contains("\\| pipe");
    }

    @Test
    void markdownLinksLogsOfFailedCheckpoints() {
        String md = new MarkdownReportWriter().render(report(), Path.of("/tmp/run/report"));

        assertThat(md).as("gate.md").contains("[trino](<../logs/trino.log>)");
    }

    @Test
    void htmlContainsEveryCheckpointId() throws IOException {
        String html = Files.readString(new HtmlReportWriter().write(report(), out));

        for (Checkpoint c : catalogue.checkpoints()) {
            assertThat(html).as("gate.html mentions checkpoint %s", c.id()).contains("id=\"cp-" + c.id() + "\"");
        }
    }

    @Test
    void htmlEscapesText() {
        String html = new HtmlReportWriter().render(report(), out);

        assertThat(html).as("gate.html")
                .doesNotContain("<script>")
                .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quotes&quot;");
    }

    @Test
    void htmlIsSelfContainedWithColouredBadges() {
        String html = new HtmlReportWriter().render(report(), out);

        assertThat(html).as("gate.html has no scripts or external resources")
                .doesNotContain("<script", "<link", "src=\"http", "@import");
        assertThat(html).as("gate.html badges")
                .contains("<span class=\"badge fail big\">FAIL</span>")
                .contains("<span class=\"badge pass\">PASS</span>")
                .contains("<span class=\"badge not-verified\">NOT VERIFIED</span>")
                .contains(".pass{background:#1a7f37}.fail{background:#cf222e}");
    }

    private GateReport reportWithCharts(String group) {
        List<Figure> figures = List.of(
                charted("3.2", "tpch.tiny.q01.seconds", "s", Fixtures.chart(group, "q01", Fixtures.ordered("p50", 0.41, "p95", 0.52))),
                figure("1.1", "s3.put.throughput", 312.5, "MB/s"),
                charted("3.2", "tpch.tiny.q02.seconds", "s", Fixtures.chart(group, "q02", Fixtures.ordered("cold", 1.25, "p50", 0.4))));
        return new GateEvaluator(catalogue).evaluate(RunInputs.of(List.of(pass("TpchTest > q()", "3.2")), figures), Fixtures.NOW);
    }

    private static Figure charted(String checkpoint, String id, String unit, Map<String, Object> chart) {
        return new Figure(checkpoint, id, 0, unit, null, List.of(), Map.of("chart", chart));
    }

    @Test
    void markdownShowsEachChartAsATableOfLabelsBySeries() {
        String md = new MarkdownReportWriter().render(reportWithCharts("TPC-H query latency, scale tiny (s)"), out);

        assertThat(md).as("gate.md").contains("""
                ## Benchmarks

                ### TPC-H query latency, scale tiny (s)

                Values in s.

                | | p50 | p95 | cold |
                |---|---:|---:|---:|
                | q01 | 0.41 | 0.52 | — |
                | q02 | 0.4 | — | 1.25 |
                """);
    }

    @Test
    void htmlDrawsEachChartAsSvgInAFigureWithItsCaptionAndDataTable() {
        String html = new HtmlReportWriter().render(reportWithCharts("TPC-H query latency, scale tiny (s)"), out);

        assertThat(html).as("gate.html")
                .contains("<h2 id=\"benchmarks\">Benchmarks</h2>\n<figure class=\"chart\">\n<figcaption>TPC-H query latency, scale tiny (s)</figcaption>\n"
                        + "<svg class=\"chart\" data-group=\"TPC-H query latency, scale tiny (s)\"")
                .contains("</svg>\n<table class=\"chart-data\">\n<caption>Values in s.</caption>\n"
                        + "<tr><th></th><th scope=\"col\">p50</th><th scope=\"col\">p95</th><th scope=\"col\">cold</th></tr>\n"
                        + "<tr><th scope=\"row\">q01</th><td>0.41</td><td>0.52</td><td>—</td></tr>\n");
    }

    @Test
    void htmlEscapesChartText() {
        String html = new HtmlReportWriter().render(reportWithCharts(NASTY), out);

        assertThat(html).as("gate.html with a nasty chart group")
                .doesNotContain("<script>")
                .contains("data-group=\"&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quotes&quot; | pipe\"");
    }

    @Test
    void reportsWithoutChartsHaveNoBenchmarksSection() {
        GateReport report = report();

        assertThat(new HtmlReportWriter().render(report, out)).as("gate.html").doesNotContain("Benchmarks", "<svg");
        assertThat(new MarkdownReportWriter().render(report, out)).as("gate.md").doesNotContain("Benchmarks");
    }

    @Test
    void noWriterOutputsSecrets() {
        GateReport report = report();

        assertThat(new JsonReportWriter().render(report)).as("gate.json").doesNotContain("hunter2");
        assertThat(new MarkdownReportWriter().render(report, out)).as("gate.md").doesNotContain("hunter2");
        assertThat(new HtmlReportWriter().render(report, out)).as("gate.html").doesNotContain("hunter2");
    }

    @Test
    void missingEnvironmentIsStatedInTheReports() {
        GateReport report = new GateEvaluator(catalogue).evaluate(RunInputs.of(List.of(), List.of()), Fixtures.NOW);

        assertThat(new MarkdownReportWriter().render(report, out)).as("gate.md").contains("environment.json was not found");
        assertThat(new HtmlReportWriter().render(report, out)).as("gate.html").contains("environment.json was not found");
    }

    // ------------------------------------------------------------------ known defects, S3 operations, restarts

    private static final String COPY_TEST = "S3CopyTest > uploadPartCopyOfAPartitionPathKeyWithPercent()";

    /** A run on ceph 16.2.15 with a known-defect failure, a stale known defect, an ops log and a restarted gateway. */
    private GateReport reportWithKnownDefects(List<String> accepted) {
        TestRecord copyFails = Fixtures.failVerifying(COPY_TEST, "connection reset", "1.1.rgw-s3-api")
                .withKnownDefects(Fixtures.PERCENT_KEY_ABORT).withS3Operations("UploadPartCopy");
        TestRecord lifecyclePasses = Fixtures.passVerifying("S3LifecycleTest > sizeFilteredRuleExpiresOnlyObjectsOfItsSize()",
                "1.1.lifecycle-retention").withKnownDefects(Fixtures.SIZE_FILTER_IGNORED);
        S3Operations operations = new S3Operations("radosgw ops log, ceph 16.2.15", 10L, 0L, List.of(
                new S3Operations.Operation("UploadPartCopy", 3, 1, Fixtures.counts("s3a", 1, "suite", 2), Map.of("500", 1L), List.of("key-percent"),
                        "PUT /b/k?partNumber=1 HTTP/1.1"),
                new S3Operations.Operation("HeadBucket", 2, 2, Map.of("trino", 2L), Map.of("200", 2L), List.of(), null),
                new S3Operations.Operation("PutBucketTagging", 5, 0, Map.of("suite", 5L), Map.of("200", 5L), List.of(), null)));
        ComponentRestart restart = new ComponentRestart("radosgw", "2026-12-02T10:00:05Z", "signal 6 (SIGABRT)", List.of(COPY_TEST),
                "2026-12-02T10:00:08Z", 2.4, "restarted", "ceph_assert(!obj.empty()) <boom>");
        RunInputs inputs = RunInputs.of(List.of(copyFails, lifecyclePasses), List.of())
                .withEnvironment(Fixtures.cephEnvironment("16.2.15", accepted)).withS3Operations(operations).withRestarts(List.of(restart));
        return new GateEvaluator(catalogue).evaluate(inputs, Fixtures.NOW);
    }

    @Test
    void markdownShowsKnownDefectFailuresStaleDefectsOperationsAndRestarts() {
        String md = new MarkdownReportWriter().render(reportWithKnownDefects(null), out);

        assertThat(md).as("gate.md")
                .contains("- **1 test FAIL (KNOWN DEFECT), 0 accepted by the gate's policy: FAIL (KNOWN DEFECT rgw-upload-part-copy-percent-key-abort) "
                        + "S3CopyTest &gt; uploadPartCopyOfAPartitionPathKeyWithPercent()**")
                .contains("- **Warning:** known defect rgw-lifecycle-object-size-filter-ignored no longer reproduces on ceph 16.2.15")
                .contains("- **1 component restarted during the run: radosgw (signal 6 (SIGABRT))**")
                .contains("## Why the gate failed")
                .contains("## Known platform defects")
                .contains("| S3CopyTest &gt; uploadPartCopyOfAPartitionPathKeyWithPercent() | rgw-upload-part-copy-percent-key-abort | ceph 16.2.15 |")
                .contains("| FAIL (KNOWN DEFECT rgw-upload-part-copy-percent-key-abort) | S3CopyTest &gt; uploadPartCopyOfAPartitionPathKeyWithPercent() |")
                .contains("## S3 operations the platform sent")
                .contains("| UploadPartCopy | FAIL | 1 | 3 | s3a 1, suite 2 | 500: 1 | key-percent | FAIL (KNOWN DEFECT rgw-upload-part-copy-percent-key-abort) "
                        + "S3CopyTest &gt; uploadPartCopyOfAPartitionPathKeyWithPercent() |")
                .contains("| HeadBucket | NOT VERIFIED | 2 | 2 | trino 2 | 200: 2 | — | none |")
                .contains("Sent only by the suites: PutBucketTagging (5)")
                .contains("| 1.1.s3-op.HeadBucket | S3 HeadBucket as the platform sends it | NOT VERIFIED | the platform sent HeadBucket "
                        + "(2 requests from trino 2) and no 1.1 conformance test covers it |")
                .contains("## Components restarted during the run")
                .contains("| radosgw | 2026-12-02T10:00:05Z | signal 6 (SIGABRT) | S3CopyTest &gt; uploadPartCopyOfAPartitionPathKeyWithPercent() "
                        + "| 2026-12-02T10:00:08Z | restarted in 2.4 s |")
                .contains("```\nceph_assert(!obj.empty()) <boom>\n```");
    }

    @Test
    void aGatePassingWithAcceptedKnownDefectsSaysSoAtTheTop() {
        GateReport report = reportWithKnownDefects(List.of("*"));

        assertThat(report.verdict()).as("gate verdict with every known defect accepted").isEqualTo(Verdict.PASS);
        assertThat(new MarkdownReportWriter().render(report, out)).as("gate.md")
                .doesNotContain("## Why the gate failed")
                .contains("## Accepted known defects\n\n- accepted known defects (not failing the gate): checkpoint 1.1 S3 integration with Ceph RGW "
                        + "FAILED only through S3CopyTest &gt; uploadPartCopyOfAPartitionPathKeyWithPercent() (rgw-upload-part-copy-percent-key-abort)");
        assertThat(new HtmlReportWriter().render(report, out)).as("gate.html")
                .contains("<h2>Accepted known defects</h2>");
    }

    @Test
    void htmlShowsKnownDefectFailuresStaleDefectsOperationsAndRestarts() {
        String html = new HtmlReportWriter().render(reportWithKnownDefects(null), out);

        assertThat(html).as("gate.html")
                .contains("<span class=\"badge known-defect\">FAIL (KNOWN DEFECT rgw-upload-part-copy-percent-key-abort)</span>")
                .contains("<li class=\"warning\"><strong>Warning:</strong> known defect rgw-lifecycle-object-size-filter-ignored no longer reproduces")
                .contains("<h2 id=\"known-defects\">Known platform defects</h2>")
                .contains("<h2 id=\"s3-operations\">S3 operations the platform sent</h2>")
                .contains("<a href=\"#cr-1.1.s3-op.HeadBucket\"><code>HeadBucket</code></a>")
                .contains("<tr id=\"cr-1.1.s3-op.HeadBucket\">")
                .contains("<h2 id=\"restarts\">Components restarted during the run</h2>")
                .contains("<pre>ceph_assert(!obj.empty()) &lt;boom&gt;</pre>");
    }

    @Test
    void jsonCarriesKnownDefectsOperationsAndRestarts() throws IOException {
        JsonNode gate = new ObjectMapper().readTree(new JsonReportWriter().render(reportWithKnownDefects(List.of("*"))));

        assertThat(gate.path("verdict").asText()).as("verdict").isEqualTo("PASS");
        assertThat(gate.path("gateReasons").get(0).asText()).as("the accepted known defect among the gate reasons")
                .startsWith("accepted known defects (not failing the gate): checkpoint 1.1");
        JsonNode summary = gate.path("summary");
        assertThat(summary.path("testsFailedKnownDefect").asInt()).as("summary.testsFailedKnownDefect").isEqualTo(1);
        assertThat(summary.path("knownDefectsAccepted").asInt()).as("summary.knownDefectsAccepted").isEqualTo(1);
        assertThat(summary.path("staleKnownDefects")).as("summary.staleKnownDefects").hasSize(1);
        assertThat(summary.path("componentRestarts").asInt()).as("summary.componentRestarts").isEqualTo(1);
        JsonNode failure = gate.path("knownDefects").path("failures").get(0);
        assertThat(failure.path("defect").asText()).as("knownDefects.failures[0].defect").isEqualTo(Fixtures.PERCENT_KEY_ABORT);
        assertThat(failure.path("accepted").asBoolean()).as("knownDefects.failures[0].accepted").isTrue();
        assertThat(gate.path("knownDefects").path("policy").path("source").asText()).as("knownDefects.policy.source").isEqualTo("release policy 2026-12");
        assertThat(gate.path("knownDefects").path("defects")).as("knownDefects.defects: the list evaluated against").hasSize(KnownDefects.loadDefault().defects().size());
        assertThat(gate.path("s3Operations").path("platform").findValuesAsText("criterion")).as("s3Operations.platform[].criterion")
                .containsExactly("1.1.s3-op.UploadPartCopy", "1.1.s3-op.HeadBucket");
        assertThat(gate.path("s3Operations").path("suiteOnly").get(0).path("operation").asText()).as("s3Operations.suiteOnly[0]")
                .isEqualTo("PutBucketTagging");
        assertThat(gate.path("restarts").get(0).path("exit").asText()).as("restarts[0].exit").isEqualTo("signal 6 (SIGABRT)");
        assertThat(gate.path("records").get(0).path("knownDefects").get(0).asText()).as("records[0].knownDefects")
                .isEqualTo(Fixtures.PERCENT_KEY_ABORT);
    }

    @Test
    void withoutAnOpsLogTheReportsSayTheTrafficWasNotRecorded() {
        GateReport report = report();

        assertThat(new MarkdownReportWriter().render(report, out)).as("gate.md")
                .contains("## S3 operations the platform sent\n\n> the target's S3 traffic was not recorded (no ops log)");
        assertThat(new HtmlReportWriter().render(report, out)).as("gate.html")
                .contains("<p class=\"missing\">the target&#39;s S3 traffic was not recorded (no ops log)");
    }
}
