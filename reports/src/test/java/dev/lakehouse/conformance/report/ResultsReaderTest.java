package dev.lakehouse.conformance.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsReaderTest {
    private static final String PASS_LINE = "{\"name\":\"S3IntegrationTest > multipartUploadAndRangedGet()\","
            + "\"class\":\"dev.lakehouse.conformance.suite.s3.S3IntegrationTest\",\"method\":\"multipartUploadAndRangedGet\","
            + "\"checkpoints\":[\"1.1\"],\"status\":\"PASS\",\"duration\":1.234,\"message\":null,\"error\":null,"
            + "\"start\":\"2026-11-24T10:00:00Z\"}";

    private static final String FIGURE_LINE = "{\"checkpoint\":\"1.1\",\"id\":\"s3.put.throughput\",\"value\":312.5,\"unit\":\"MB/s\"}";

    @TempDir
    Path dir;

    @Test
    void missingResultsFileGivesClearError() {
        assertThatThrownBy(() -> ResultsReader.read(dir, null))
                .as("reading a results dir without results.jsonl")
                .isInstanceOf(ReportInputException.class)
                .hasMessageContaining(dir.resolve("results.jsonl").toString())
                .hasMessageContaining("not found");
    }

    @Test
    void missingResultsDirGivesClearError() {
        Path missing = dir.resolve("nope");
        assertThatThrownBy(() -> ResultsReader.read(missing, null))
                .as("reading a results dir that does not exist")
                .isInstanceOf(ReportInputException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("does not exist");
    }

    @Test
    void readsEveryFieldOfATestRecord() throws IOException {
        Path file = write("results.jsonl", PASS_LINE + "\n\n");

        List<TestRecord> records = ResultsReader.readResults(file);

        assertThat(records).as("records (blank lines skipped)").containsExactly(new TestRecord(
                "S3IntegrationTest > multipartUploadAndRangedGet()", "dev.lakehouse.conformance.suite.s3.S3IntegrationTest",
                "multipartUploadAndRangedGet", List.of("1.1"), List.of(), TestStatus.PASS, 1.234, null, null, "2026-11-24T10:00:00Z"));
    }

    @Test
    void malformedLineNamesFileAndLine() throws IOException {
        Path file = write("results.jsonl", PASS_LINE + "\n{\"name\":\"broken\", \n");

        assertThatThrownBy(() -> ResultsReader.readResults(file))
                .as("reading a truncated second line")
                .isInstanceOf(ReportInputException.class)
                .hasMessageContaining(file + " line 2")
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void unknownStatusIsRejectedWithClearMessage() throws IOException {
        Path file = write("results.jsonl", PASS_LINE.replace("\"PASS\"", "\"SKIPPED\""));

        assertThatThrownBy(() -> ResultsReader.readResults(file))
                .as("reading a record with status SKIPPED")
                .isInstanceOf(ReportInputException.class)
                .hasMessageContaining(file + " line 1")
                .hasMessageContaining("\"status\" must be PASS, FAIL or NA, got \"SKIPPED\"");
    }

    @Test
    void numericCheckpointIdIsRejected() throws IOException {
        Path file = write("results.jsonl", PASS_LINE.replace("[\"1.1\"]", "[1.1]"));

        assertThatThrownBy(() -> ResultsReader.readResults(file))
                .as("reading a record with a numeric checkpoint id")
                .isInstanceOf(ReportInputException.class)
                .hasMessageContaining("\"checkpoints\" must hold non-empty strings");
    }

    @Test
    void secretsInMessagesAreRedactedWhenRead() throws IOException {
        Path file = write("results.jsonl", PASS_LINE.replace("\"message\":null", "\"message\":\"connect with password=hunter2\"")
                .replace("\"error\":null", "\"error\":\"java.lang.Exception: secret: abc123\""));

        TestRecord record = ResultsReader.readResults(file).get(0);

        assertThat(record.message()).as("message").isEqualTo("connect with password=[REDACTED]");
        assertThat(record.error()).as("error").doesNotContain("abc123");
    }

    @Test
    void readsFiguresWithSamples() throws IOException {
        Path file = write("figures.jsonl", "{\"checkpoint\":\"1.1\",\"id\":\"s3.put.throughput\",\"value\":312.5,\"unit\":\"MB/s\","
                + "\"detail\":\"64 MiB object, 5 measured runs, p50\",\"samples\":[300,312.5,320]}");

        assertThat(ResultsReader.readFigures(file)).as("figures").containsExactly(new Figure("1.1", "s3.put.throughput", 312.5,
                "MB/s", "64 MiB object, 5 measured runs, p50", List.of(300.0, 312.5, 320.0)));
    }

    @Test
    void readsFigureAttributesInTheOrderWritten() throws IOException {
        Path file = write("figures.jsonl", FIGURE_LINE.replace("}", ",\"attributes\":{\"runs\":5,\"engine\":\"trino\","
                + "\"chart\":{\"group\":\"TPC-H\",\"label\":\"q01\",\"series\":{\"p95\":0.52,\"p50\":0.41}}}}"));

        Map<String, Object> attributes = ResultsReader.readFigures(file).get(0).attributes();

        assertThat(attributes).as("attributes").containsExactly(Map.entry("runs", 5), Map.entry("engine", "trino"),
                Map.entry("chart", Map.of("group", "TPC-H", "label", "q01", "series", Map.of("p95", 0.52, "p50", 0.41))));
        Map<?, ?> series = (Map<?, ?>) ((Map<?, ?>) attributes.get("chart")).get("series");
        assertThat(series.keySet()).as("series names in the order written").hasToString("[p95, p50]");
    }

    @Test
    void figureLineWithoutAttributesHasNoAttributes() throws IOException {
        Path file = write("figures.jsonl", FIGURE_LINE);

        assertThat(ResultsReader.readFigures(file).get(0).attributes()).as("attributes of a line written before attributes existed").isEmpty();
    }

    @Test
    void attributesThatAreNotAnObjectAreRejected() throws IOException {
        Path file = write("figures.jsonl", FIGURE_LINE.replace("}", ",\"attributes\":[1,2]}"));

        assertThatThrownBy(() -> ResultsReader.readFigures(file))
                .as("reading a figure whose attributes are an array")
                .isInstanceOf(ReportInputException.class)
                .hasMessageContaining(file + " line 1")
                .hasMessageContaining("\"attributes\" must be a JSON object");
    }

    @Test
    void chartWithoutGroupIsRejectedNamingTheFigureAndLine() throws IOException {
        Path file = write("figures.jsonl", FIGURE_LINE + "\n" + FIGURE_LINE.replace("}",
                ",\"attributes\":{\"chart\":{\"label\":\"q01\",\"series\":{\"p50\":0.41}}}}"));

        assertThatThrownBy(() -> ResultsReader.readFigures(file))
                .as("reading a chart figure without a group")
                .isInstanceOf(ReportInputException.class)
                .hasMessage(file + " line 2: figure \"s3.put.throughput\": attributes.chart.group must be a non-empty string, "
                        + "got nothing (the key is missing)");
    }

    @Test
    void chartWithNonNumericSeriesValueIsRejectedNamingTheFigureAndLine() throws IOException {
        Path file = write("figures.jsonl", FIGURE_LINE.replace("}",
                ",\"attributes\":{\"chart\":{\"group\":\"TPC-H\",\"label\":\"q01\",\"series\":{\"p50\":\"fast\"}}}}"));

        assertThatThrownBy(() -> ResultsReader.readFigures(file))
                .as("reading a chart figure with a series value that is not a number")
                .isInstanceOf(ReportInputException.class)
                .hasMessage(file + " line 1: figure \"s3.put.throughput\": attributes.chart.series.\"p50\" must be a number, got \"fast\"");
    }

    @Test
    void secretsInAttributesAreRedactedWhenRead() throws IOException {
        Path file = write("figures.jsonl", FIGURE_LINE.replace("}", ",\"attributes\":{\"endpoint\":\"s3://b?secret=abc123\"}}"));

        assertThat(ResultsReader.readFigures(file).get(0).attributes()).as("attributes")
                .containsEntry("endpoint", "s3://b?secret=[REDACTED]");
    }

    @Test
    void figureWithoutValueIsRejected() throws IOException {
        Path file = write("figures.jsonl", "{\"checkpoint\":\"1.1\",\"id\":\"s3.put.throughput\",\"unit\":\"MB/s\"}");

        assertThatThrownBy(() -> ResultsReader.readFigures(file))
                .as("reading a figure without value")
                .isInstanceOf(ReportInputException.class)
                .hasMessageContaining(file + " line 1")
                .hasMessageContaining("required field \"value\" is missing");
    }

    @Test
    void missingFiguresAndEnvironmentAreNotedNotFatal() throws IOException {
        write("results.jsonl", PASS_LINE);

        RunInputs inputs = ResultsReader.read(dir, null);

        assertThat(inputs.records()).as("records").hasSize(1);
        assertThat(inputs.figures()).as("figures").isEmpty();
        assertThat(inputs.environment()).as("environment").isNull();
        assertThat(inputs.notes()).as("notes")
                .anySatisfy(n -> assertThat(n).contains("figures.jsonl not found"))
                .anySatisfy(n -> assertThat(n).contains("environment.json not found"));
    }

    @Test
    void readsEnvironmentJson() throws IOException {
        Path file = write("environment.json", """
                {"target":"ephemeral","backend":"processes","runId":"lh-ab12cd","startedAt":"2026-11-24T09:59:00Z",
                 "readySeconds":27.4,
                 "components":[{"name":"ceph","version":"16.2.15","startSeconds":3.2,"endpoint":"http://127.0.0.1:34567"}],
                 "logs":{"trino":"/abs/path/trino.log"},
                 "extra":"kept as read"}
                """);

        EnvironmentInfo env = ResultsReader.readEnvironment(file).orElseThrow();

        assertThat(env.runId()).as("run id").isEqualTo("lh-ab12cd");
        assertThat(env.readySeconds()).as("ready seconds").isEqualTo(27.4);
        assertThat(env.components()).as("components")
                .containsExactly(new EnvironmentInfo.Component("ceph", "16.2.15", 3.2, "http://127.0.0.1:34567"));
        assertThat(env.logs()).as("logs").containsEntry("trino", "/abs/path/trino.log");
        assertThat(env.raw().path("extra").asText()).as("unknown fields are kept in the raw form").isEqualTo("kept as read");
    }

    @Test
    void malformedEnvironmentJsonGivesClearError() throws IOException {
        Path file = write("environment.json", "{\"target\": ");

        assertThatThrownBy(() -> ResultsReader.readEnvironment(file))
                .as("reading a truncated environment.json")
                .isInstanceOf(ReportInputException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void readsFailsafeSummary() throws IOException {
        Path file = write("failsafe-summary.xml", """
                <?xml version="1.0" encoding="UTF-8"?>
                <failsafe-summary result="255" timeout="false"><completed>12</completed><errors>1</errors>\
                <failures>2</failures><skipped>3</skipped><failureMessage/></failsafe-summary>
                """);

        assertThat(ResultsReader.readFailsafeSummary(file)).as("failsafe summary")
                .isEqualTo(new FailsafeSummary("255", false, 12, 1, 2, 3, ""));
    }

    @Test
    void malformedFailsafeSummaryGivesClearError() throws IOException {
        Path file = write("failsafe-summary.xml", "<failsafe-summary><completed>twelve</completed></failsafe-summary>");

        assertThatThrownBy(() -> ResultsReader.readFailsafeSummary(file))
                .as("reading a failsafe summary with a non-numeric count")
                .isInstanceOf(ReportInputException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("<completed> must be a non-negative whole number, got \"twelve\"");
    }

    @Test
    void failsafeSummaryThatIsNotXmlGivesClearError() throws IOException {
        Path file = write("failsafe-summary.xml", "not xml at all");

        assertThatThrownBy(() -> ResultsReader.readFailsafeSummary(file))
                .as("reading a failsafe summary that is not XML")
                .isInstanceOf(ReportInputException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("not well-formed XML");
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }
}
