package dev.lakehouse.conformance.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * gate.html in a real browser: a report with benchmark charts of all three kinds the suites write, and
 * ordinary figures, opened in headless Chromium (see {@link HeadlessChromium}). Chromium is required:
 * without it the tests fail and say how to get it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HtmlReportInBrowserTest {
    private Path dir;
    private HeadlessChromium chromium;
    private HeadlessChromium.Page report;
    private String verdict;

    @BeforeAll
    void openTheReportInChromium(@TempDir Path dir) throws IOException {
        this.dir = dir;
        Path results = Files.createDirectories(dir.resolve("results"));
        Files.writeString(results.resolve("results.jsonl"), String.join("\n",
                "{\"name\":\"S3Test > a()\",\"method\":\"a\",\"checkpoints\":[\"1.1\"],\"status\":\"PASS\",\"duration\":4.5,\"start\":\"2026-11-24T10:00:30Z\"}",
                "{\"name\":\"TpchTest > tpch()\",\"method\":\"tpch\",\"checkpoints\":[\"3.2\"],\"status\":\"PASS\",\"duration\":20,\"start\":\"2026-11-24T10:00:40Z\"}",
                "{\"name\":\"TpchTest > pushdown()\",\"method\":\"pushdown\",\"checkpoints\":[\"3.3\"],\"status\":\"FAIL\",\"duration\":2,\"start\":\"2026-11-24T10:01:00Z\"}"));
        Files.writeString(results.resolve("timeline.jsonl"), String.join("\n",
                "{\"kind\":\"component\",\"name\":\"ceph\",\"start\":\"2026-11-24T10:00:00Z\",\"end\":\"2026-11-24T10:00:06Z\"}",
                "{\"kind\":\"component\",\"name\":\"trino\",\"start\":\"2026-11-24T10:00:00Z\",\"end\":\"2026-11-24T10:00:29Z\"}",
                "{\"kind\":\"suite\",\"name\":\"S3Test\",\"start\":\"2026-11-24T10:00:29Z\",\"end\":\"2026-11-24T10:00:35Z\"}",
                "{\"kind\":\"suite\",\"name\":\"TpchTest\",\"start\":\"2026-11-24T10:00:35Z\",\"end\":\"2026-11-24T10:01:02Z\"}"));
        Files.writeString(results.resolve("cpu.jsonl"), String.join("\n",
                "{\"t\":\"2026-11-24T10:00:01Z\",\"busyPercent\":95.5}",
                "{\"t\":\"2026-11-24T10:00:02Z\",\"busyPercent\":60}",
                "{\"t\":\"2026-11-24T10:00:03Z\",\"busyPercent\":12.5}"));
        Files.write(results.resolve("figures.jsonl"), Fixtures.benchmarkFigureLines());
        Path out = dir.resolve("out");
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(console, true, StandardCharsets.UTF_8);
        int status = GateReportMain.run(new String[] {"--results", results.toString(), "--out", out.toString()}, print, print, Fixtures.NOW);
        assertThat(status).as("exit status of writing the report; its output: %s", console.toString(StandardCharsets.UTF_8)).isZero();
        verdict = new ObjectMapper().readTree(out.resolve("gate.json").toFile()).path("verdict").asText();

        Path binary = HeadlessChromium.binary();
        assertThat(binary).as("Chromium for the browser test of gate.html: install it (apt-get install chromium) "
                + "or name it with -D%s=PATH", HeadlessChromium.BINARY_PROPERTY).isExecutable();
        chromium = HeadlessChromium.start(binary);
        report = chromium.open(out.resolve("gate.html"));
    }

    @AfterAll
    void closeChromium() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void pageLoadsWithTheGateVerdict() {
        assertThat(report.evaluate("document.title").asText()).as("document title").isEqualTo("Lakehouse release gate: " + verdict);
        assertThat(report.evaluate("document.querySelector('h1').textContent").asText()).as("heading").isEqualTo("Lakehouse release gate");
        assertThat(report.evaluate("document.querySelector('.badge.big').textContent").asText()).as("verdict badge").isEqualTo(verdict);
    }

    @Test
    void drawsOneSvgChartPerGroupInTheOrderOfFirstAppearance() {
        JsonNode groups = report.evaluate("Array.from(document.querySelectorAll('svg.chart'), svg => svg.dataset.group)");

        assertThat(groups).as("data-group of each svg.chart").extracting(JsonNode::asText)
                .containsExactly(Fixtures.TPCH_GROUP, Fixtures.CONCURRENCY_GROUP, Fixtures.PUSHDOWN_GROUP);
    }

    @Test
    void eachChartHasABarPerLabelAndSeries() {
        JsonNode bars = report.evaluate("Object.fromEntries(Array.from(document.querySelectorAll('svg.chart'),"
                + " svg => [svg.dataset.group, svg.querySelectorAll('rect.bar').length]))");

        Map<String, Integer> counted = new LinkedHashMap<>();
        bars.fields().forEachRemaining(e -> counted.put(e.getKey(), e.getValue().asInt()));
        assertThat(counted).as("bars (rect.bar) per chart").isEqualTo(Fixtures.BENCHMARK_BARS);
    }

    @Test
    void everyChartIsFollowedByItsDataTable() {
        JsonNode rows = report.evaluate("Array.from(document.querySelectorAll('figure > svg.chart + table.chart-data'),"
                + " table => table.querySelectorAll('tr').length - 1)");

        assertThat(rows).as("label rows of the data table after each chart").extracting(JsonNode::asInt).containsExactly(22, 3, 2);
    }

    @Test
    void drawsTheTimelineWithABarPerComponentSuiteAndTestAndTheCpuUse() {
        assertThat(report.evaluate("document.querySelectorAll('svg.timeline').length").asInt()).as("timeline charts").isEqualTo(1);
        assertThat(report.evaluate("document.querySelectorAll('svg.timeline rect.span').length").asInt())
                .as("bars: 2 component starts, 2 suites, 3 tests").isEqualTo(7);
        assertThat(report.evaluate("document.querySelector('svg.timeline polygon.cpu title').textContent").asText())
                .as("CPU area's tooltip").startsWith("CPU busy, 3 samples");
        assertThat(report.evaluate("document.querySelector('svg.timeline').getBoundingClientRect().width").asDouble())
                .as("rendered width of the timeline").isPositive();
    }

    @Test
    void pageHasNoConsoleErrorsOrUncaughtExceptions() {
        assertThat(report.errors()).as("console errors, uncaught exceptions and error log entries of gate.html").isEmpty();
    }

    @Test
    void errorsOfABrokenPageAreSeen() throws IOException {
        Path broken = Files.writeString(dir.resolve("broken.html"), """
                <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>broken</title></head><body>
                <img src="missing.png" alt="missing">
                <script>console.error("logged error"); throw new Error("thrown error");</script>
                </body></html>
                """);

        List<String> errors = chromium.open(broken).errors();

        assertThat(errors).as("what the browser test would see on a broken page: its console error, uncaught exception and failed load")
                .anySatisfy(e -> assertThat(e).startsWith("console.error: logged error"))
                .anySatisfy(e -> assertThat(e).startsWith("uncaught exception: Error: thrown error"))
                .anySatisfy(e -> assertThat(e).startsWith("log error (network)").contains("ERR_FILE_NOT_FOUND"));
    }
}
