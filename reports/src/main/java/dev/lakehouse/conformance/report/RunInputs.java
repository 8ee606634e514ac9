package dev.lakehouse.conformance.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a run left for the report.
 *
 * @param environment null when environment.json was missing
 * @param failsafe    null when no failsafe summary was given
 * @param notes       remarks about the inputs to show in the report (e.g. "environment.json not found")
 * @param sources     which file each input was read from, e.g. results -> /run/results.jsonl
 * @param secretFindings places where the run found one of its own secrets in what the platform wrote
 * @param spans       components' starts and suites' spans (timeline.jsonl), for the timeline
 * @param cpu         the machine's CPU use over the run (cpu.jsonl), for the timeline
 * @param s3Operations the S3 requests the gateway logged, by operation (s3-operations.json); null when not recorded
 * @param restarts    components that died during the run and were restarted (restarts.jsonl)
 */
public record RunInputs(
        List<TestRecord> records,
        List<Figure> figures,
        EnvironmentInfo environment,
        FailsafeSummary failsafe,
        List<String> notes,
        Map<String, String> sources,
        List<SecretFinding> secretFindings,
        List<RunTimeline.Span> spans,
        List<RunTimeline.Cpu> cpu,
        S3Operations s3Operations,
        List<ComponentRestart> restarts) {

    public RunInputs {
        restarts = restarts == null ? List.of() : List.copyOf(restarts);
        spans = spans == null ? List.of() : List.copyOf(spans);
        cpu = cpu == null ? List.of() : List.copyOf(cpu);
        secretFindings = secretFindings == null ? List.of() : List.copyOf(secretFindings);
        records = records == null ? List.of() : List.copyOf(records);
        figures = figures == null ? List.of() : List.copyOf(figures);
        notes = notes == null ? List.of() : List.copyOf(notes);
        sources = sources == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(sources));
    }

    /** Inputs without an S3 operations log or restarts. */
    public RunInputs(List<TestRecord> records, List<Figure> figures, EnvironmentInfo environment, FailsafeSummary failsafe,
                     List<String> notes, Map<String, String> sources, List<SecretFinding> secretFindings,
                     List<RunTimeline.Span> spans, List<RunTimeline.Cpu> cpu) {
        this(records, figures, environment, failsafe, notes, sources, secretFindings, spans, cpu, null, List.of());
    }

    /** Inputs with just records and figures, as tests build them. */
    public static RunInputs of(List<TestRecord> records, List<Figure> figures) {
        return new RunInputs(records, figures, null, null, List.of(), Map.of(), List.of(), List.of(), List.of());
    }

    public RunInputs withS3Operations(S3Operations operations) {
        return new RunInputs(records, figures, environment, failsafe, notes, sources, secretFindings, spans, cpu, operations, restarts);
    }

    public RunInputs withRestarts(List<ComponentRestart> restarts) {
        return new RunInputs(records, figures, environment, failsafe, notes, sources, secretFindings, spans, cpu, s3Operations, restarts);
    }

    public RunInputs withEnvironment(EnvironmentInfo environment) {
        return new RunInputs(records, figures, environment, failsafe, notes, sources, secretFindings, spans, cpu, s3Operations, restarts);
    }

    public RunInputs withSecretFindings(List<SecretFinding> findings) {
        return new RunInputs(records, figures, environment, failsafe, notes, sources, findings, spans, cpu, s3Operations, restarts);
    }

    public RunInputs withFailsafe(FailsafeSummary failsafe) {
        return new RunInputs(records, figures, environment, failsafe, notes, sources, secretFindings, spans, cpu, s3Operations, restarts);
    }
}
