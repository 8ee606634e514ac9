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

    private static final String OPS_LOG = """
            {"source": "radosgw ops log (rgw_ops_log_file_path), ceph 16.2.15", "requests": 12345, "unparsed": 0,
             "operations": [
               {"operation": "UploadPartCopy", "requests": 3, "platformRequests": 1, "clients": {"suite": 2, "s3a": 1},
                "statuses": {"200": 2, "500": 1}, "features": ["copy-source-range", "key-percent"],
                "example": "PUT /bucket/key?partNumber=1&uploadId=x HTTP/1.1"},
               {"operation": "PutBucketTagging", "requests": 4, "platformRequests": 0, "clients": {"suite": 4}}]}
            """;

    @Test
    void readsTheKnownDefectsAndS3OperationsATestNames() throws IOException {
        Path file = write("results.jsonl", PASS_LINE.replace("\"status\"", "\"knownDefects\":[\"rgw-upload-part-copy-percent-key-abort\"],"
                + "\"s3Operations\":[\"CopyObject\",\"UploadPartCopy\"],\"status\""));

        TestRecord record = ResultsReader.readResults(file).get(0);

        assertThat(record.knownDefects()).as("knownDefects").containsExactly("rgw-upload-part-copy-percent-key-abort");
        assertThat(record.s3Operations()).as("s3Operations").containsExactly("CopyObject", "UploadPartCopy");
        assertThat(ResultsReader.readResults(write("old.jsonl", PASS_LINE)).get(0).knownDefects()).as("knownDefects of a record without them")
                .isEmpty();
    }

    @Test
    void knownDefectsMustBeAnArrayOfIds() throws IOException {
        Path file = write("results.jsonl", PASS_LINE.replace("\"status\"", "\"knownDefects\":\"rgw-x\",\"status\""));

        assertThatThrownBy(() -> ResultsReader.readResults(file))
                .as("reading a record whose knownDefects is a string")
                .isInstanceOf(ReportInputException.class)
                .hasMessageContaining(file + " line 1: \"knownDefects\" must be an array of known defect ids");
    }

    @Test
    void readsS3OperationsJsonNextToTheResults() throws IOException {
        write("results.jsonl", PASS_LINE);
        write("s3-operations.json", OPS_LOG);

        RunInputs inputs = ResultsReader.read(dir, null);

        S3Operations operations = inputs.s3Operations();
        assertThat(operations.source()).as("source").isEqualTo("radosgw ops log (rgw_ops_log_file_path), ceph 16.2.15");
        assertThat(operations.requests()).as("requests").isEqualTo(12345L);
        assertThat(operations.operations()).as("operations").hasSize(2);
        S3Operations.Operation copy = operations.operations().get(0);
        assertThat(copy).as("UploadPartCopy").isEqualTo(new S3Operations.Operation("UploadPartCopy", 3, 1, copy.clients(), copy.statuses(),
                List.of("copy-source-range", "key-percent"), "PUT /bucket/key?partNumber=1&uploadId=x HTTP/1.1"));
        assertThat(copy.describeClients()).as("clients, in the order written").isEqualTo("suite 2, s3a 1");
        assertThat(copy.describeStatuses()).as("statuses, in the order written").isEqualTo("200: 2, 500: 1");
        assertThat(inputs.sources()).as("sources").containsEntry("s3Operations", dir.resolve("s3-operations.json").toString());
    }

    @Test
    void missingS3OperationsJsonIsNotedNotFatal() throws IOException {
        write("results.jsonl", PASS_LINE);

        RunInputs inputs = ResultsReader.read(dir, null);

        assertThat(inputs.s3Operations()).as("S3 operations without s3-operations.json").isNull();
        assertThat(inputs.notes()).as("notes").anySatisfy(n -> assertThat(n).startsWith("s3-operations.json not found in " + dir)
                .contains("the target's S3 traffic was not recorded"));
    }

    @Test
    void malformedS3OperationsJsonNamesTheFileAndTheProblem() throws IOException {
        Path file = write("s3-operations.json", OPS_LOG.replace("\"platformRequests\": 1", "\"platformRequests\": 5"));
        Path notJson = write("broken.json", "{\"operations\": [");
        Path noOperations = write("empty.json", "{\"source\": \"x\"}");
        Path badName = write("name.json", "{\"operations\": [{\"operation\": \"Upload Part\", \"requests\": 1, \"platformRequests\": 1}]}");
        Path fraction = write("fraction.json", "{\"operations\": [{\"operation\": \"GetObject\", \"requests\": 1.5, \"platformRequests\": 1}]}");

        assertThatThrownBy(() -> ResultsReader.readS3Operations(file)).as("platform requests exceeding requests")
                .isInstanceOf(ReportInputException.class)
                .hasMessage(file + " operation UploadPartCopy: \"platformRequests\" (5) exceeds \"requests\" (3)");
        assertThatThrownBy(() -> ResultsReader.readS3Operations(notJson)).as("truncated JSON")
                .isInstanceOf(ReportInputException.class).hasMessageStartingWith(notJson + " is not valid JSON");
        assertThatThrownBy(() -> ResultsReader.readS3Operations(noOperations)).as("no operations")
                .isInstanceOf(ReportInputException.class).hasMessageStartingWith(noOperations + ": \"operations\" must be an array");
        assertThatThrownBy(() -> ResultsReader.readS3Operations(badName)).as("an operation name with a space")
                .isInstanceOf(ReportInputException.class)
                .hasMessage(badName + " operations[0]: \"operation\" must be an S3 API name such as UploadPartCopy, got \"Upload Part\"");
        assertThatThrownBy(() -> ResultsReader.readS3Operations(fraction)).as("a fractional count")
                .isInstanceOf(ReportInputException.class)
                .hasMessage(fraction + " operation GetObject: \"requests\" must be a non-negative whole number, got 1.5");
    }

    @Test
    void readsRestartsJsonl() throws IOException {
        write("results.jsonl", PASS_LINE);
        write("restarts.jsonl", "{\"component\": \"radosgw\", \"diedAt\": \"2026-12-02T10:00:05Z\", \"exit\": \"signal 6 (SIGABRT)\", "
                + "\"duringTests\": [\"S3CopyTest > uploadPartCopyOfAPartitionPathKeyWithPercent()\"], \"restartedAt\": \"2026-12-02T10:00:08Z\", "
                + "\"restartSeconds\": 2.4, \"restarted\": true, \"outcome\": \"restarted\", \"logTail\": \"Assertion '!obj.empty()' failed password=hunter2\"}\n");

        List<ComponentRestart> restarts = ResultsReader.read(dir, null).restarts();

        assertThat(restarts).as("restarts").singleElement().satisfies(r -> {
            assertThat(r.component()).as("component").isEqualTo("radosgw");
            assertThat(r.duringTests()).as("during tests").containsExactly("S3CopyTest > uploadPartCopyOfAPartitionPathKeyWithPercent()");
            assertThat(r.restartSeconds()).as("restart seconds").isEqualTo(2.4);
            assertThat(r.outcome()).as("outcome").isEqualTo("restarted");
            assertThat(r.logTail()).as("log tail, redacted").contains("Assertion").doesNotContain("hunter2");
        });
    }

    @Test
    void restartWithoutAnInstantIsRejectedNamingTheLine() throws IOException {
        Path file = write("restarts.jsonl", "{\"component\": \"radosgw\", \"diedAt\": \"yesterday\"}");

        assertThatThrownBy(() -> ResultsReader.readRestarts(file)).as("a restart dying \"yesterday\"")
                .isInstanceOf(ReportInputException.class)
                .hasMessage(file + " line 1: \"diedAt\" must be an ISO-8601 instant, got \"yesterday\"");
    }

    @Test
    void malformedKnownDefectPolicyInEnvironmentJsonNamesTheFile() throws IOException {
        Path file = write("environment.json", "{\"target\": \"homelab\", \"knownDefectPolicy\": {\"accepted\": \"*\", \"source\": \"x\"}}");

        assertThatThrownBy(() -> ResultsReader.readEnvironment(file)).as("a policy whose accepted is a string")
                .isInstanceOf(ReportInputException.class)
                .hasMessage(file + ": \"knownDefectPolicy\".accepted must be an array of known defect ids, or [\"*\"] for all");
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }
}
