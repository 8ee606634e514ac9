package dev.lakehouse.conformance.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Reads what a run left in its results dir: results.jsonl (required), figures.jsonl, environment.json,
 * s3-operations.json, restarts.jsonl (optional), and a failsafe summary when one is given. Every problem becomes a
 * {@link ReportInputException} naming the file, the line and what is wrong (for a figure's chart
 * attribute, see {@link BenchmarkChart}, also the figure's id). Messages, errors, figure details and
 * attributes are redacted as they are read.
 */
public final class ResultsReader {
    public static final String RESULTS_FILE = "results.jsonl";
    public static final String FIGURES_FILE = "figures.jsonl";
    public static final String ENVIRONMENT_FILE = "environment.json";
    public static final String SECRET_FINDINGS_FILE = "secret-findings.jsonl";
    public static final String TIMELINE_FILE = "timeline.jsonl";
    public static final String CPU_FILE = "cpu.jsonl";
    public static final String S3_OPERATIONS_FILE = S3Operations.FILE;
    public static final String RESTARTS_FILE = ComponentRestart.FILE;
    /** An S3 operation name as the ops log writes it (it becomes part of a criterion id). */
    private static final java.util.regex.Pattern OPERATION = java.util.regex.Pattern.compile("[A-Za-z][A-Za-z0-9]*");

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final TypeReference<LinkedHashMap<String, Object>> ATTRIBUTES = new TypeReference<>() {
    };

    private ResultsReader() {
    }

    /** Reads a results dir, and the failsafe summary if {@code failsafeSummary} is not null. */
    public static RunInputs read(Path resultsDir, Path failsafeSummary) {
        if (!Files.isDirectory(resultsDir)) {
            throw new ReportInputException("results dir " + resultsDir + " does not exist or is not a directory");
        }
        List<String> notes = new ArrayList<>();
        Map<String, String> sources = new LinkedHashMap<>();

        Path resultsFile = resultsDir.resolve(RESULTS_FILE);
        List<TestRecord> records = readResults(resultsFile);
        sources.put("results", resultsFile.toString());

        Path figuresFile = resultsDir.resolve(FIGURES_FILE);
        List<Figure> figures = List.of();
        if (Files.exists(figuresFile)) {
            figures = readFigures(figuresFile);
            sources.put("figures", figuresFile.toString());
        } else {
            notes.add(FIGURES_FILE + " not found in " + resultsDir + ": no figures were recorded");
        }

        Path environmentFile = resultsDir.resolve(ENVIRONMENT_FILE);
        EnvironmentInfo environment = readEnvironment(environmentFile).orElse(null);
        if (environment == null) {
            notes.add(ENVIRONMENT_FILE + " not found in " + resultsDir
                    + ": the environment did not describe itself (it probably failed before it was ready)");
        } else {
            sources.put("environment", environmentFile.toString());
        }

        FailsafeSummary failsafe = null;
        if (failsafeSummary != null) {
            failsafe = readFailsafeSummary(failsafeSummary);
            sources.put("failsafeSummary", failsafeSummary.toString());
        }
        Path secretsFile = resultsDir.resolve(SECRET_FINDINGS_FILE);
        List<SecretFinding> secretFindings = List.of();
        if (Files.exists(secretsFile)) {
            secretFindings = readSecretFindings(secretsFile);
            sources.put("secretFindings", secretsFile.toString());
        } else {
            notes.add(SECRET_FINDINGS_FILE + " not found in " + resultsDir + ": what the platform wrote was not scanned for the run's "
                    + "secrets (only an ephemeral lakehouse that was torn down scans; it hands the secrets out)");
        }
        List<RunTimeline.Span> spans = List.of();
        Path spansFile = resultsDir.resolve(TIMELINE_FILE);
        if (Files.exists(spansFile)) {
            spans = readSpans(spansFile);
            sources.put("timeline", spansFile.toString());
        }
        List<RunTimeline.Cpu> cpu = List.of();
        Path cpuFile = resultsDir.resolve(CPU_FILE);
        if (Files.exists(cpuFile)) {
            cpu = readCpu(cpuFile);
            sources.put("cpu", cpuFile.toString());
        }
        S3Operations s3Operations = null;
        Path s3OperationsFile = resultsDir.resolve(S3_OPERATIONS_FILE);
        if (Files.exists(s3OperationsFile)) {
            s3Operations = readS3Operations(s3OperationsFile);
            sources.put("s3Operations", s3OperationsFile.toString());
        } else {
            notes.add(S3_OPERATIONS_FILE + " not found in " + resultsDir + ": the target's S3 traffic was not recorded (no ops log), "
                    + "so which S3 operations the platform uses is unknown");
        }
        List<ComponentRestart> restarts = List.of();
        Path restartsFile = resultsDir.resolve(RESTARTS_FILE);
        if (Files.exists(restartsFile)) {
            restarts = readRestarts(restartsFile);
            sources.put("restarts", restartsFile.toString());
        }
        return new RunInputs(records, figures, environment, failsafe, notes, sources, secretFindings, spans, cpu, s3Operations, restarts);
    }

    /** Reads restarts.jsonl (components that died during the run and were restarted); the file must exist (it may be empty). */
    public static List<ComponentRestart> readRestarts(Path file) {
        return readJsonLines(file, "the components restarted during the run (one JSON object per restart)", (node, where) -> {
            String restartedAt = text(node, "restartedAt", where, false);
            if (restartedAt != null) {
                instant(node, "restartedAt", where);
            }
            instant(node, "diedAt", where);
            return new ComponentRestart(text(node, "component", where, true), text(node, "diedAt", where, true),
                    Redactor.redact(text(node, "exit", where, false)), ids(node, "duringTests", "test names", where), restartedAt,
                    number(node, "restartSeconds", where, false), Redactor.redact(text(node, "outcome", where, false)),
                    Redactor.redact(text(node, "logTail", where, false)));
        });
    }

    /**
     * Reads s3-operations.json (the S3 requests the gateway logged, by operation); the file must exist. Counts must be
     * non-negative whole numbers and an operation's platform requests at most its requests: the gate derives criteria
     * from them, so a malformed file is an error rather than fewer criteria.
     */
    public static S3Operations readS3Operations(Path file) {
        String where = file.toString();
        JsonNode node;
        try {
            node = JSON.readTree(readString(file, "the S3 requests the target's gateway logged, by operation"));
        } catch (JsonProcessingException e) {
            throw new ReportInputException(where + " is not valid JSON: " + describe(e), e);
        }
        if (node == null || !node.isObject()) {
            throw new ReportInputException(where + " must hold a JSON object {\"source\": ..., \"operations\": [...]}");
        }
        JsonNode operationsNode = node.get("operations");
        if (operationsNode == null || !operationsNode.isArray()) {
            throw new ReportInputException(where + ": \"operations\" must be an array of {\"operation\": \"UploadPartCopy\", "
                    + "\"requests\": 3, \"platformRequests\": 1, ...}");
        }
        List<S3Operations.Operation> operations = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < operationsNode.size(); i++) {
            JsonNode op = operationsNode.get(i);
            String at = where + " operations[" + i + "]";
            if (!op.isObject()) {
                throw new ReportInputException(at + " must be an object");
            }
            String name = text(op, "operation", at, true).strip();
            if (!OPERATION.matcher(name).matches()) {
                throw new ReportInputException(at + ": \"operation\" must be an S3 API name such as UploadPartCopy, got \"" + abbreviate(name) + "\"");
            }
            if (!seen.add(name)) {
                throw new ReportInputException(at + ": operation " + name + " is listed twice");
            }
            at = where + " operation " + name;
            long requests = count(op, "requests", at, true);
            long platformRequests = count(op, "platformRequests", at, true);
            if (platformRequests > requests) {
                throw new ReportInputException(at + ": \"platformRequests\" (" + platformRequests + ") exceeds \"requests\" (" + requests + ")");
            }
            operations.add(new S3Operations.Operation(name, requests, platformRequests, counts(op, "clients", at), counts(op, "statuses", at),
                    ids(op, "features", "feature names such as [\"copy-source-range\"]", at),
                    Redactor.redact(text(op, "example", at, false))));
        }
        return new S3Operations(Redactor.redact(text(node, "source", where, false)), optionalCount(node, "requests", where),
                optionalCount(node, "unparsed", where), operations);
    }

    /** A JSON object of name to non-negative whole number, e.g. {"suite": 2, "s3a": 1}; empty when absent. */
    private static Map<String, Long> counts(JsonNode node, String field, String where) {
        JsonNode object = node.get(field);
        Map<String, Long> counts = new LinkedHashMap<>();
        if (object == null || object.isNull()) {
            return counts;
        }
        if (!object.isObject()) {
            throw new ReportInputException(where + ": \"" + field + "\" must be an object of name to request count, got " + abbreviate(object.toString()));
        }
        object.fieldNames().forEachRemaining(name -> counts.put(name, count(object, name, where + " " + field, true)));
        return counts;
    }

    private static Long optionalCount(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : count(node, field, where, true);
    }

    private static long count(JsonNode node, String field, String where, boolean required) {
        Double value = number(node, field, where, required);
        if (value == null) {
            return 0;
        }
        if (value < 0 || value != Math.rint(value)) {
            throw new ReportInputException(where + ": \"" + field + "\" must be a non-negative whole number, got " + node.get(field));
        }
        return value.longValue();
    }

    /** Reads results.jsonl; the file must exist (it may be empty). */
    public static List<TestRecord> readResults(Path file) {
        return readJsonLines(file, "the test results (one JSON object per executed test, written by the results listener)",
                ResultsReader::toRecord);
    }

    /** Reads secret-findings.jsonl (written by the run's secret scan); the file must exist (it may be empty). */
    public static List<SecretFinding> readSecretFindings(Path file) {
        return readJsonLines(file, "the secret scan's findings (one JSON object per place a secret was found)", (node, where) ->
                new SecretFinding(text(node, "secret", where, true), text(node, "file", where, true),
                        number(node, "line", where, true).intValue(), Redactor.redact(text(node, "masked", where, false))));
    }

    /** Reads timeline.jsonl: spans of components and suites. */
    public static List<RunTimeline.Span> readSpans(Path file) {
        return readJsonLines(file, "the run's spans (one JSON object per component start or suite)", (node, where) ->
                new RunTimeline.Span(text(node, "kind", where, true), text(node, "name", where, true),
                        instant(node, "start", where), instant(node, "end", where)));
    }

    /** Reads cpu.jsonl: the machine's CPU use, one sample a second. */
    public static List<RunTimeline.Cpu> readCpu(Path file) {
        return readJsonLines(file, "the run's CPU samples (one JSON object per second)", (node, where) ->
                new RunTimeline.Cpu(instant(node, "t", where), number(node, "busyPercent", where, true)));
    }

    /** Reads one JSON object per line (blank lines skipped); {@code where} in errors names the file and line. */
    private static <T> List<T> readJsonLines(Path file, String description, java.util.function.BiFunction<JsonNode, String, T> parse) {
        List<T> items = new ArrayList<>();
        List<String> lines = readLines(file, description);
        for (int i = 0; i < lines.size(); i++) {
            String where = file + " line " + (i + 1);
            JsonNode node = parseLine(lines.get(i), where);
            if (node != null) {
                items.add(parse.apply(node, where));
            }
        }
        return items;
    }

    private static java.time.Instant instant(JsonNode node, String field, String where) {
        String text = text(node, field, where, true);
        try {
            return java.time.Instant.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            throw new ReportInputException(where + ": \"" + field + "\" must be an ISO-8601 instant, got \"" + text + "\"");
        }
    }

    /** Reads figures.jsonl; the file must exist (it may be empty). */
    public static List<Figure> readFigures(Path file) {
        return readJsonLines(file, "the measured figures (one JSON object per figure)", ResultsReader::toFigure);
    }

    /** Reads environment.json; empty when the file does not exist. */
    public static Optional<EnvironmentInfo> readEnvironment(Path file) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        String where = file.toString();
        JsonNode node;
        try {
            node = JSON.readTree(readString(file, "the environment description"));
        } catch (JsonProcessingException e) {
            throw new ReportInputException(where + " is not valid JSON: " + describe(e), e);
        }
        if (node == null || !node.isObject()) {
            throw new ReportInputException(where + " must hold a JSON object describing the environment");
        }
        List<EnvironmentInfo.Component> components = new ArrayList<>();
        JsonNode componentsNode = node.get("components");
        if (componentsNode != null && !componentsNode.isNull()) {
            if (!componentsNode.isArray()) {
                throw new ReportInputException(where + ": \"components\" must be an array");
            }
            for (int i = 0; i < componentsNode.size(); i++) {
                JsonNode c = componentsNode.get(i);
                String at = where + " components[" + i + "]";
                if (!c.isObject()) {
                    throw new ReportInputException(at + " must be an object");
                }
                components.add(new EnvironmentInfo.Component(
                        text(c, "name", at, true), text(c, "version", at, false),
                        number(c, "startSeconds", at, false), text(c, "endpoint", at, false)));
            }
        }
        Map<String, String> logs = new LinkedHashMap<>();
        JsonNode logsNode = node.get("logs");
        if (logsNode != null && !logsNode.isNull()) {
            if (!logsNode.isObject()) {
                throw new ReportInputException(where + ": \"logs\" must be an object of component name to log file path");
            }
            logsNode.fields().forEachRemaining(e -> {
                if (!e.getValue().isTextual()) {
                    throw new ReportInputException(where + ": logs." + e.getKey() + " must be a file path string");
                }
                logs.put(e.getKey(), e.getValue().asText());
            });
        }
        KnownDefectPolicy.from(node, where); // a malformed policy is an error here, with the file's name
        return Optional.of(new EnvironmentInfo(
                text(node, "target", where, false), text(node, "backend", where, false),
                text(node, "runId", where, false), text(node, "startedAt", where, false),
                number(node, "readySeconds", where, false), components, logs, Redactor.redactTree(node)));
    }

    /** Reads Maven failsafe's failsafe-summary.xml; the file must exist. */
    public static FailsafeSummary readFailsafeSummary(Path file) {
        if (!Files.exists(file)) {
            throw new ReportInputException("failsafe summary " + file + " not found (was the integration-test phase run?)");
        }
        org.w3c.dom.Document document;
        try (InputStream in = Files.newInputStream(file)) {
            document = secureXmlParser().parse(in);
        } catch (SAXException e) {
            throw new ReportInputException("failsafe summary " + file + " is not well-formed XML: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new ReportInputException("failsafe summary " + file + " cannot be read: " + e.getMessage(), e);
        }
        Element root = document.getDocumentElement();
        if (!"failsafe-summary".equals(root.getTagName())) {
            throw new ReportInputException("failsafe summary " + file + ": root element must be <failsafe-summary>, found <" + root.getTagName() + ">");
        }
        String where = "failsafe summary " + file;
        return new FailsafeSummary(
                root.getAttribute("result"),
                Boolean.parseBoolean(root.getAttribute("timeout")),
                xmlCount(root, "completed", where, true),
                xmlCount(root, "errors", where, false),
                xmlCount(root, "failures", where, false),
                xmlCount(root, "skipped", where, false),
                Redactor.redact(xmlText(root, "failureMessage")));
    }

    // ------------------------------------------------------------------ records and figures

    private static TestRecord toRecord(JsonNode node, String where) {
        String name = text(node, "name", where, false);
        String className = text(node, "class", where, false);
        String method = text(node, "method", where, false);
        if (name == null && className == null) {
            throw new ReportInputException(where + ": a test record needs \"name\" or \"class\"");
        }
        if (name == null) {
            name = simpleName(className) + (method == null ? "" : " > " + method + "()");
        }
        String statusText = text(node, "status", where, true);
        TestStatus status = TestStatus.parse(statusText).orElseThrow(() -> new ReportInputException(
                where + ": \"status\" must be PASS, FAIL or NA, got \"" + statusText + "\""));
        return new TestRecord(name, className, method, ids(node, "checkpoints", "checkpoint ids such as [\"1.1\"]", where),
                ids(node, "criteria", "criterion ids such as [\"1.1.rgw-s3-api\"]", where), status,
                number(node, "duration", where, false),
                Redactor.redact(text(node, "message", where, false)),
                Redactor.redact(text(node, "error", where, false)),
                text(node, "start", where, false),
                ids(node, "knownDefects", "known defect ids such as [\"rgw-upload-part-copy-percent-key-abort\"]", where),
                ids(node, "s3Operations", "S3 operation names such as [\"UploadPartCopy\"]", where));
    }

    private static List<String> ids(JsonNode node, String field, String example, String where) {
        JsonNode array = node.get(field);
        if (array == null || array.isNull()) {
            return List.of();
        }
        if (!array.isArray()) {
            throw new ReportInputException(where + ": \"" + field + "\" must be an array of " + example);
        }
        List<String> ids = new ArrayList<>();
        for (JsonNode id : array) {
            if (!id.isTextual() || id.asText().isBlank()) {
                throw new ReportInputException(where + ": \"" + field + "\" must hold non-empty strings, " + example + ", got " + id);
            }
            ids.add(id.asText().trim());
        }
        return ids;
    }

    private static Figure toFigure(JsonNode node, String where) {
        String checkpoint = text(node, "checkpoint", where, true).trim();
        String id = text(node, "id", where, true).trim();
        Double value = number(node, "value", where, true);
        List<Double> samples = new ArrayList<>();
        JsonNode samplesNode = node.get("samples");
        if (samplesNode != null && !samplesNode.isNull()) {
            if (!samplesNode.isArray()) {
                throw new ReportInputException(where + ": \"samples\" must be an array of numbers");
            }
            for (JsonNode sample : samplesNode) {
                if (!sample.isNumber()) {
                    throw new ReportInputException(where + ": \"samples\" must hold only numbers, got " + sample);
                }
                samples.add(sample.asDouble());
            }
        }
        Figure figure = new Figure(checkpoint, id, value, text(node, "unit", where, false),
                Redactor.redact(text(node, "detail", where, false)), samples, attributes(node, where), text(node, "test", where, false));
        try {
            BenchmarkChart.validate(figure);
        } catch (ReportInputException e) {
            throw new ReportInputException(where + ": " + e.getMessage(), e);
        }
        return figure;
    }

    /** The figure's attributes in the order written (absent in lines written before attributes existed), redacted. */
    private static Map<String, Object> attributes(JsonNode node, String where) {
        JsonNode attributes = node.get("attributes");
        if (attributes == null || attributes.isNull()) {
            return Map.of();
        }
        if (!attributes.isObject()) {
            throw new ReportInputException(where + ": \"attributes\" must be a JSON object, got " + abbreviate(attributes.toString()));
        }
        return JSON.convertValue(Redactor.redactTree(attributes), ATTRIBUTES);
    }

    // ------------------------------------------------------------------ helpers

    private static List<String> readLines(Path file, String whatItHolds) {
        return readString(file, whatItHolds).lines().toList();
    }

    private static String readString(Path file, String whatItHolds) {
        if (!Files.exists(file)) {
            throw new ReportInputException(file + " not found: it should hold " + whatItHolds);
        }
        if (!Files.isRegularFile(file)) {
            throw new ReportInputException(file + " is not a regular file: it should hold " + whatItHolds);
        }
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new ReportInputException(file + " is not UTF-8 text", e);
        } catch (IOException e) {
            throw new ReportInputException(file + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** The JSON object on this line, or null for a blank line. */
    private static JsonNode parseLine(String line, String where) {
        if (line.isBlank()) {
            return null;
        }
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new ReportInputException(where + " is not valid JSON (" + describe(e) + "): " + abbreviate(line), e);
        }
        if (!node.isObject()) {
            throw new ReportInputException(where + " must be a JSON object, got: " + abbreviate(line));
        }
        return node;
    }

    private static String text(JsonNode node, String field, String where, boolean required) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new ReportInputException(where + ": required field \"" + field + "\" is missing");
            }
            return null;
        }
        if (value.isContainerNode()) {
            throw new ReportInputException(where + ": \"" + field + "\" must be a string, got " + abbreviate(value.toString()));
        }
        return value.asText();
    }

    private static Double number(JsonNode node, String field, String where, boolean required) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new ReportInputException(where + ": required field \"" + field + "\" is missing");
            }
            return null;
        }
        if (!value.isNumber()) {
            throw new ReportInputException(where + ": \"" + field + "\" must be a number, got " + abbreviate(value.toString()));
        }
        return value.asDouble();
    }

    private static DocumentBuilder secureXmlParser() {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(new org.xml.sax.helpers.DefaultHandler() {
                @Override
                public void fatalError(org.xml.sax.SAXParseException e) throws SAXException {
                    throw e;
                }
            });
            return builder;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("no usable XML parser", e);
        }
    }

    private static int xmlCount(Element root, String tag, String where, boolean required) {
        String text = xmlText(root, tag);
        if (text == null || text.isBlank()) {
            if (required) {
                throw new ReportInputException(where + ": element <" + tag + "> is missing or empty");
            }
            return 0;
        }
        try {
            int count = Integer.parseInt(text.trim());
            if (count < 0) {
                throw new NumberFormatException();
            }
            return count;
        } catch (NumberFormatException e) {
            throw new ReportInputException(where + ": <" + tag + "> must be a non-negative whole number, got \"" + text.trim() + "\"");
        }
    }

    private static String xmlText(Element root, String tag) {
        NodeList nodes = root.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent();
    }

    private static String describe(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        if (e.getLocation() != null && e.getLocation().getColumnNr() > 0) {
            message += " at column " + e.getLocation().getColumnNr();
        }
        return Redactor.redact(message);
    }

    private static String abbreviate(String text) {
        String redacted = Redactor.redact(text);
        return redacted.length() <= 120 ? redacted : redacted.substring(0, 117) + "...";
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
