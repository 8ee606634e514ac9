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
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GateReportMainTest {
    private static final String PASSING = "{\"name\":\"a()\",\"class\":\"x.A\",\"method\":\"a\",\"checkpoints\":[\"1.1\"],\"status\":\"PASS\"}\n";
    private static final String FAILING = "{\"name\":\"b()\",\"class\":\"x.B\",\"method\":\"b\",\"checkpoints\":[\"3.2\"],\"status\":\"FAIL\","
            + "\"message\":\"wrong rows\"}\n";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    private int run(String... args) {
        return GateReportMain.run(args, new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8), Fixtures.NOW);
    }

    private Path results(String content) throws IOException {
        Path results = Files.createDirectories(dir.resolve("results"));
        Files.writeString(results.resolve("results.jsonl"), content);
        return results;
    }

    @Test
    void writeModeWritesThreeReportsAndSucceedsEvenWhenTheGateFails() throws IOException {
        Path results = results(PASSING + FAILING);
        Path out = dir.resolve("out");

        int status = run("--results", results.toString(), "--out", out.toString());

        assertThat(status).as("exit status of write mode").isZero();
        assertThat(out.resolve("gate.json")).as("gate.json").isRegularFile();
        assertThat(out.resolve("gate.md")).as("gate.md").isRegularFile();
        assertThat(out.resolve("gate.html")).as("gate.html").isRegularFile();
        assertThat(stdout.toString(StandardCharsets.UTF_8)).as("console summary")
                .contains("Lakehouse release gate: FAIL")
                .contains("3.2  FAIL")
                .contains("1.1  PARTIAL")
                .contains("Wrote " + out.resolve("gate.html").toAbsolutePath());
    }

    @Test
    void figureAttributesAndSamplesGoFromFiguresJsonlIntoGateJsonAsWritten() throws IOException {
        String line = Fixtures.figureLine("3.2", "tpch.tiny.q01.seconds", 0.41, "s", List.of(0.4, 0.41, 0.52), Fixtures.ordered(
                "chart", Fixtures.chart("TPC-H query latency, scale tiny (s)", "q01", Fixtures.ordered("cold", 1.2, "p50", 0.41, "p95", 0.52)),
                "runs", 5, "engine", "trino"));
        Path results = results(PASSING);
        Files.writeString(results.resolve("figures.jsonl"), line + "\n");
        Path out = dir.resolve("out");

        run("--results", results.toString(), "--out", out.toString());

        ObjectMapper json = new ObjectMapper();
        JsonNode written = json.readTree(line);
        JsonNode figure = json.readTree(out.resolve("gate.json").toFile()).path("figures").get(0);
        assertThat(figure.path("attributes")).as("attributes in gate.json").isEqualTo(written.path("attributes"));
        assertThat(figure.path("attributes").fieldNames()).as("attribute names in gate.json, in the order written")
                .toIterable().containsExactly("chart", "runs", "engine");
        assertThat(figure.path("samples")).as("raw samples in gate.json").isEqualTo(written.path("samples"));
    }

    @Test
    void checkModeFailsAndListsFailingCheckpointsWhenTheGateFailed() throws IOException {
        Path out = dir.resolve("out");
        run("--results", results(PASSING + FAILING).toString(), "--out", out.toString());

        int status = run("--check", "--out", out.toString());

        assertThat(status).as("exit status of --check on a failed gate").isEqualTo(GateReportMain.GATE_FAILED);
        assertThat(stderr.toString(StandardCharsets.UTF_8)).as("check output")
                .contains("FAILED").contains("3.2 Query performance and correctness FAILED: 3 criteria failed").contains("1 test failed: b()");
    }

    @Test
    void checkModeSucceedsWhenTheGatePassed() throws IOException {
        Path out = dir.resolve("out");
        run("--results=" + results(PASSING), "--out=" + out);

        int status = run("--check", "--out", out.toString());

        assertThat(status).as("exit status of --check on a passed gate").isZero();
        assertThat(stdout.toString(StandardCharsets.UTF_8)).as("check output").contains("PASSED").contains("3 of 43 plan criteria verified").contains("not verified: 1.1.s3-op-coverage, 1.2.metastore-postgresql");
    }

    @Test
    void failsafeMismatchIsReportedAsIncomplete() throws IOException {
        Path summary = Files.writeString(dir.resolve("failsafe-summary.xml"),
                "<failsafe-summary result=\"0\" timeout=\"false\"><completed>5</completed></failsafe-summary>");
        Path out = dir.resolve("out");

        int status = run("--results", results(PASSING).toString(), "--out", out.toString(), "--failsafe-summary", summary.toString());

        assertThat(status).as("exit status of write mode").isZero();
        assertThat(stdout.toString(StandardCharsets.UTF_8)).as("console summary").contains("results incomplete");
        assertThat(Files.readString(out.resolve("gate.json"))).as("gate.json").contains("\"verdict\" : \"FAIL\"");
    }

    @Test
    void missingResultsFileExitsTwoWithClearMessage() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));

        int status = run("--results", empty.toString(), "--out", dir.resolve("out").toString());

        assertThat(status).as("exit status without results.jsonl").isEqualTo(GateReportMain.BAD_INPUT);
        assertThat(stderr.toString(StandardCharsets.UTF_8)).as("error message")
                .contains(empty.resolve("results.jsonl").toString()).contains("not found")
                .doesNotContain("Exception");
    }

    @Test
    void checkWithoutGateJsonExitsTwo() {
        int status = run("--check", "--out", dir.toString());

        assertThat(status).as("exit status of --check without gate.json").isEqualTo(GateReportMain.BAD_INPUT);
        assertThat(stderr.toString(StandardCharsets.UTF_8)).as("error message").contains("gate.json not found");
    }

    @Test
    void unknownArgumentExitsTwoWithUsage() {
        int status = run("--bogus");

        assertThat(status).as("exit status for an unknown argument").isEqualTo(GateReportMain.BAD_INPUT);
        assertThat(stderr.toString(StandardCharsets.UTF_8)).as("error message").contains("unknown argument \"--bogus\"").contains("Usage:");
    }

    @Test
    void missingOptionValueExitsTwo() {
        int status = run("--out");

        assertThat(status).as("exit status for --out without a value").isEqualTo(GateReportMain.BAD_INPUT);
        assertThat(stderr.toString(StandardCharsets.UTF_8)).as("error message").contains("option --out needs a value");
    }

    @Test
    void writeModeRequiresResults() {
        int status = run("--out", dir.toString());

        assertThat(status).as("exit status without --results").isEqualTo(GateReportMain.BAD_INPUT);
        assertThat(stderr.toString(StandardCharsets.UTF_8)).as("error message").contains("--results DIR is required");
    }

    @Test
    void aRunWithAnAcceptedKnownDefectAnOpsLogAndARestartPassesAndSaysSo() throws IOException {
        Path results = results("{\"name\":\"S3CopyTest > uploadPartCopyOfAPartitionPathKeyWithPercent()\",\"method\":\"m\","
                + "\"checkpoints\":[\"1.1\"],\"criteria\":[\"1.1.rgw-s3-api\"],\"status\":\"FAIL\",\"message\":\"connection reset\","
                + "\"knownDefects\":[\"rgw-upload-part-copy-percent-key-abort\"],\"s3Operations\":[\"UploadPartCopy\"]}\n");
        Files.writeString(results.resolve("environment.json"), "{\"target\":\"homelab\",\"components\":[{\"name\":\"ceph\",\"version\":\"16.2.15\"}],"
                + "\"knownDefectPolicy\":{\"accepted\":[\"rgw-upload-part-copy-percent-key-abort\"],\"source\":\"homelab release policy\"}}");
        Files.writeString(results.resolve("s3-operations.json"), "{\"source\":\"radosgw ops log\",\"operations\":[{\"operation\":\"UploadPartCopy\","
                + "\"requests\":2,\"platformRequests\":1,\"clients\":{\"s3a\":1,\"suite\":1}}]}");
        Files.writeString(results.resolve("restarts.jsonl"), "{\"component\":\"radosgw\",\"diedAt\":\"2026-12-02T10:00:05Z\","
                + "\"exit\":\"signal 6 (SIGABRT)\",\"restartedAt\":\"2026-12-02T10:00:08Z\",\"restartSeconds\":2.4}\n");
        Path out = dir.resolve("out");

        int written = run("--results", results.toString(), "--out", out.toString());
        int checked = run("--check", "--out", out.toString());

        assertThat(written).as("exit status of write mode").isZero();
        assertThat(checked).as("exit status of --check: the only failure is an accepted known defect").isZero();
        assertThat(stdout.toString(StandardCharsets.UTF_8)).as("console output of both modes")
                .contains("1.1  FAIL")
                .contains("! 1 test FAIL (KNOWN DEFECT), 1 accepted by the gate's policy")
                .contains("! 1 component restarted during the run: radosgw (signal 6 (SIGABRT))")
                .contains("PASSED")
                .contains("  - accepted known defects (not failing the gate): checkpoint 1.1 S3 integration with Ceph RGW FAILED only through "
                        + "S3CopyTest > uploadPartCopyOfAPartitionPathKeyWithPercent() (rgw-upload-part-copy-percent-key-abort); "
                        + "policy from homelab release policy accepts rgw-upload-part-copy-percent-key-abort");
        JsonNode gate = new ObjectMapper().readTree(out.resolve("gate.json").toFile());
        assertThat(gate.path("inputs").path("s3Operations").asText()).as("inputs.s3Operations").endsWith("s3-operations.json");
        assertThat(gate.path("inputs").path("restarts").asText()).as("inputs.restarts").endsWith("restarts.jsonl");
    }

    @Test
    void aMalformedKnownDefectsListExitsTwoNamingTheFile() throws IOException {
        Path list = Files.writeString(dir.resolve("defects.yaml"), "version: 1\ndefects: [{id: Bad_Id}]\n");

        int status = run("--results", results(PASSING).toString(), "--out", dir.resolve("out").toString(), "--known-defects", list.toString());

        assertThat(status).as("exit status with a malformed known-defects list").isEqualTo(GateReportMain.BAD_INPUT);
        assertThat(stderr.toString(StandardCharsets.UTF_8)).as("error message")
                .contains("known defects list " + list + " is invalid:")
                .contains("the id must be lower-case words joined by dashes")
                .doesNotContain("Exception");
    }
}
