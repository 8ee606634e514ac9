package dev.lakehouse.conformance.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Command line of the release-gate report.
 *
 * <pre>
 * write: GateReportMain --results DIR --out DIR [--failsafe-summary FILE] [--catalogue FILE] [--known-defects FILE]
 * check: GateReportMain --check --out DIR
 * </pre>
 *
 * Write mode reads DIR/results.jsonl, figures.jsonl and environment.json, writes gate.json, gate.md
 * and gate.html to the out dir, prints one line per checkpoint, and succeeds even when the verdict
 * is FAIL. Check mode reads the out dir's gate.json and fails (exit status 1) when its verdict is
 * FAIL. Bad arguments and unreadable inputs give exit status 2 and a message saying what is wrong.
 *
 * <p>{@link #main} calls {@code System.exit} only for a non-zero status, so a successful write run
 * inside the Maven JVM (exec-maven-plugin's {@code java} goal) leaves the JVM alone; {@link #run}
 * returns the status without exiting.
 */
public final class GateReportMain {
    public static final int OK = 0;
    public static final int GATE_FAILED = 1;
    public static final int BAD_INPUT = 2;

    static final String USAGE = """
            Usage:
              GateReportMain --results DIR --out DIR [--failsafe-summary FILE] [--catalogue FILE] [--known-defects FILE]
                  Reads DIR/results.jsonl (required), DIR/figures.jsonl, DIR/environment.json, DIR/s3-operations.json
                  and DIR/restarts.jsonl (optional),
                  evaluates every checkpoint of the catalogue and writes gate.json, gate.md and gate.html
                  to the out dir. Exits 0 even when the gate verdict is FAIL.
              GateReportMain --check --out DIR
                  Reads DIR/gate.json; exits 1 and lists the failing checkpoints when the verdict is FAIL, 0 otherwise.
            Options:
              --results DIR            directory holding the run's results.jsonl, figures.jsonl, environment.json
              --out DIR                directory for gate.json, gate.md and gate.html (created if missing)
              --failsafe-summary FILE  Maven failsafe's failsafe-summary.xml, to check that no test result is missing
              --catalogue FILE         a checkpoint catalogue to use instead of the built-in checkpoints.yaml
              --known-defects FILE     a list of known platform defects to use instead of the built-in known-defects.yaml
              --check                  check mode (see above)
              --help                   show this text
            Exit status: 0 written / gate passed, 1 gate failed (--check only), 2 bad arguments or unreadable inputs.
            """;

    private GateReportMain() {
    }

    public static void main(String[] args) {
        int status = run(args);
        if (status != OK) {
            System.exit(status);
        }
    }

    /** Runs the command and returns its exit status, without exiting. */
    public static int run(String[] args) {
        return run(args, System.out, System.err, Instant.now());
    }

    static int run(String[] args, PrintStream out, PrintStream err, Instant now) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (ReportInputException e) {
            err.println("gate report: " + e.getMessage());
            err.println();
            err.print(USAGE);
            return BAD_INPUT;
        }
        if (options.help()) {
            out.print(USAGE);
            return OK;
        }
        try {
            return options.check() ? check(options.out(), out, err) : write(options, out, now);
        } catch (ReportInputException e) {
            err.println("gate report: " + e.getMessage());
            return BAD_INPUT;
        } catch (RuntimeException e) {
            err.println("gate report: unexpected error: " + e);
            e.printStackTrace(err);
            return BAD_INPUT;
        }
    }

    // ------------------------------------------------------------------ write mode

    private static int write(Options options, PrintStream out, Instant now) {
        CheckpointCatalogue catalogue = options.catalogue() == null
                ? CheckpointCatalogue.loadDefault() : CheckpointCatalogue.load(options.catalogue());
        KnownDefects knownDefects = options.knownDefects() == null
                ? KnownDefects.loadDefault() : KnownDefects.load(options.knownDefects());
        RunInputs inputs = ResultsReader.read(options.results(), options.failsafeSummary());
        GateReport report = new GateEvaluator(catalogue, knownDefects).evaluate(inputs, now.truncatedTo(ChronoUnit.SECONDS));

        Path outDir = options.out();
        try {
            Files.createDirectories(outDir);
        } catch (IOException e) {
            throw new ReportInputException("cannot create the out dir " + outDir + ": " + e.getMessage(), e);
        }
        List<Path> written = List.of(
                new JsonReportWriter().write(report, outDir),
                new MarkdownReportWriter().write(report, outDir),
                new HtmlReportWriter().write(report, outDir));

        out.println(ReportText.TITLE + ": " + report.verdict().label() + " (" + ReportText.criteriaCounts(report.summary(), report.environment())
                + "; " + ReportText.checkpointCounts(report.summary()) + ")");
        for (CheckpointResult c : report.checkpoints()) {
            out.printf("  %-4s %-12s %s: %s%n", c.id(), c.verdict().label(), c.title(), abbreviate(Redactor.redact(c.reason()), 160));
        }
        if (!report.completeness().complete()) {
            out.println("  ! " + report.completeness().message());
        }
        if (!ReportText.knownDefectCounts(report.summary()).isEmpty()) {
            out.println("  ! " + abbreviate(Redactor.redact(ReportText.knownDefectCounts(report.summary())), 240));
        }
        report.acceptedKnownDefectReasons().forEach(r -> out.println("  ! " + abbreviate(Redactor.redact(r), 240)));
        report.summary().staleKnownDefects().forEach(w -> out.println("  ! warning: " + Redactor.redact(w)));
        if (!report.knownDefects().unknownIds().isEmpty()) {
            out.println("  ! " + report.knownDefects().unknownIds().size() + " test records name known defects not in known-defects.yaml");
        }
        if (!ReportText.restartCounts(report).isEmpty()) {
            out.println("  ! " + Redactor.redact(ReportText.restartCounts(report)));
        }
        if (!report.unknownCheckpoints().isEmpty()) {
            out.println("  ! " + report.unknownCheckpoints().size() + " test records or figures name checkpoints not in the catalogue");
        }
        long unmappedFailures = report.unmappedTests().stream().filter(t -> t.status() == TestStatus.FAIL).count();
        if (unmappedFailures > 0) {
            out.println("  ! " + unmappedFailures + " failing tests name no checkpoint");
        }
        report.notes().forEach(n -> out.println("  note: " + n));
        written.forEach(p -> out.println("Wrote " + p.toAbsolutePath()));
        return OK;
    }

    // ------------------------------------------------------------------ check mode

    private static int check(Path outDir, PrintStream out, PrintStream err) {
        Path file = outDir.resolve(JsonReportWriter.FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw new ReportInputException(file + " not found: write the report first (run without --check)");
        }
        JsonNode gate;
        try {
            gate = new ObjectMapper().readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            throw new ReportInputException(file + " is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ReportInputException(file + " cannot be read: " + e.getMessage(), e);
        }
        String verdict = gate == null ? "" : gate.path("verdict").asText("");
        if (!verdict.equals(Verdict.PASS.name()) && !verdict.equals(Verdict.FAIL.name())) {
            throw new ReportInputException(file + ": \"verdict\" must be PASS or FAIL, got \"" + verdict + "\"");
        }
        List<String> notVerified = new ArrayList<>();
        for (JsonNode c : gate.path("checkpoints")) {
            for (JsonNode criterion : c.path("criteria")) {
                if (!Verdict.PASS.name().equals(criterion.path("verdict").asText())) {
                    notVerified.add(criterion.path("id").asText());
                }
            }
        }
        if (verdict.equals(Verdict.PASS.name())) {
            JsonNode summary = gate.path("summary");
            out.println(ReportText.TITLE + " PASSED (" + file + "): " + summary.path("criteriaVerified").asInt() + " of "
                    + summary.path("criteria").asInt() + " plan criteria verified"
                    + (notVerified.isEmpty() ? "" : "; not verified: " + String.join(", ", notVerified)));
            // a gate that passes with accepted known defects still says so
            gate.path("gateReasons").forEach(r -> out.println("  - " + Redactor.redact(r.asText())));
            summary.path("staleKnownDefects").forEach(w -> out.println("  ! warning: " + Redactor.redact(w.asText())));
            return OK;
        }
        // the gate's reasons name every failing checkpoint first, then incomplete results, unknown checkpoints etc.
        err.println(ReportText.TITLE + " FAILED (" + file + "):");
        gate.path("gateReasons").forEach(r -> err.println("  - " + Redactor.redact(r.asText())));
        return GATE_FAILED;
    }

    private static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 3) + "...";
    }

    // ------------------------------------------------------------------ arguments

    /** The parsed command line. */
    record Options(Path results, Path out, Path failsafeSummary, Path catalogue, Path knownDefects, boolean check, boolean help) {

        static Options parse(String[] args) {
            Path results = null;
            Path out = null;
            Path failsafe = null;
            Path catalogue = null;
            Path knownDefects = null;
            boolean check = false;
            boolean help = false;
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                String name = arg;
                String value = null;
                int equals = arg.indexOf('=');
                if (arg.startsWith("--") && equals > 0) {
                    name = arg.substring(0, equals);
                    value = arg.substring(equals + 1);
                }
                switch (name) {
                    case "--check" -> check = true;
                    case "--help", "-h" -> help = true;
                    case "--results", "--out", "--failsafe-summary", "--catalogue", "--known-defects" -> {
                        if (value == null) {
                            if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                                throw new ReportInputException("option " + name + " needs a value");
                            }
                            value = args[++i];
                        }
                        Path path = path(name, value);
                        switch (name) {
                            case "--results" -> results = path;
                            case "--out" -> out = path;
                            case "--failsafe-summary" -> failsafe = path;
                            case "--known-defects" -> knownDefects = path;
                            default -> catalogue = path;
                        }
                    }
                    default -> throw new ReportInputException("unknown argument \"" + arg + "\"");
                }
            }
            if (help) {
                return new Options(results, out, failsafe, catalogue, knownDefects, check, true);
            }
            if (out == null) {
                throw new ReportInputException("--out DIR is required");
            }
            if (!check && results == null) {
                throw new ReportInputException("--results DIR is required (or --check to check an existing gate.json)");
            }
            return new Options(results, out, failsafe, catalogue, knownDefects, check, false);
        }

        private static Path path(String option, String value) {
            if (value.isBlank()) {
                throw new ReportInputException("option " + option + " needs a non-empty value");
            }
            try {
                return Path.of(value);
            } catch (InvalidPathException e) {
                throw new ReportInputException("option " + option + ": \"" + value + "\" is not a usable path: " + e.getReason());
            }
        }
    }
}
