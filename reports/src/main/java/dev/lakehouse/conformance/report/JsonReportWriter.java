package dev.lakehouse.conformance.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.file.Path;

/** Writes gate.json, the machine-readable report (every text value redacted). */
public final class JsonReportWriter {
    public static final String FILE_NAME = "gate.json";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    public Path write(GateReport report, Path outDir) {
        return ReportFiles.write(outDir.resolve(FILE_NAME), render(report));
    }

    public String render(GateReport report) {
        JsonNode tree = Redactor.redactTree(JSON.valueToTree(report));
        try {
            return JSON.writeValueAsString(tree) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render gate.json", e);
        }
    }
}
