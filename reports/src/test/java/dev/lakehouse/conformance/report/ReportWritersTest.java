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
                .containsOnly("PASS", "FAIL", "NOT_VERIFIED");
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
}
