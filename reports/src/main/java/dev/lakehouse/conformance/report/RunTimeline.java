package dev.lakehouse.conformance.report;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where the run's time went: each component's start (launch to ready), each suite class and each test as bars on one
 * time axis, with the machine's CPU use under them. Times are seconds since {@code origin}, the earliest event.
 *
 * @param origin     ISO-8601 instant of second 0
 * @param endSeconds the latest event
 */
@JsonPropertyOrder({"origin", "endSeconds", "components", "suites", "tests", "cpu"})
public record RunTimeline(String origin, double endSeconds, List<Bar> components, List<Bar> suites, List<Bar> tests, List<CpuSample> cpu) {

    /** A span on the time axis; {@code group} is a test's suite class, {@code status} a test's outcome (else null). */
    public record Bar(String name, String group, double start, double end, String status) {
        public double seconds() {
            return end - start;
        }
    }

    /** The share of all cores that was busy during the second before {@code t}. */
    public record CpuSample(double t, double busyPercent) {
    }

    /** A span as read from timeline.jsonl: kind (component, suite), name, start, end. */
    public record Span(String kind, String name, Instant start, Instant end) {
    }

    /** A CPU sample as read from cpu.jsonl. */
    public record Cpu(Instant t, double busyPercent) {
    }

    public boolean isEmpty() {
        return components.isEmpty() && suites.isEmpty() && tests.isEmpty();
    }

    /** The timeline of a run from its spans, its test records (start and duration) and its CPU samples; empty when none has a time. */
    public static RunTimeline of(List<Span> spans, List<TestRecord> records, List<Cpu> cpu) {
        List<TimedTest> tests = records.stream().filter(TestRecord::isMethodRecord)
                .flatMap(r -> instant(r.start()).map(start -> new TimedTest(r, start)).stream()).toList();
        Optional<Instant> first = Stream.of(spans.stream().map(Span::start), tests.stream().map(TimedTest::start))
                .flatMap(s -> s).min(Comparator.naturalOrder());
        if (first.isEmpty()) {
            return new RunTimeline(null, 0, List.of(), List.of(), List.of(), List.of());
        }
        Instant origin = first.get();
        List<Bar> components = new ArrayList<>();
        List<Bar> suites = new ArrayList<>();
        for (Span span : spans) {
            Bar bar = new Bar(span.name(), null, since(origin, span.start()), since(origin, span.end()), null);
            ("component".equals(span.kind()) ? components : suites).add(bar);
        }
        List<Bar> testBars = new ArrayList<>();
        for (TimedTest test : tests) {
            double start = since(origin, test.start());
            double duration = test.record().duration() == null ? 0 : test.record().duration();
            String name = test.record().name();
            String suite = name.contains(" > ") ? name.substring(0, name.indexOf(" > ")) : name;
            testBars.add(new Bar(name, suite, start, start + duration, test.record().status().name()));
        }
        components.sort(Comparator.comparingDouble(Bar::start));
        suites.sort(Comparator.comparingDouble(Bar::start));
        List<CpuSample> samples = cpu.stream().map(c -> new CpuSample(since(origin, c.t()), c.busyPercent()))
                .filter(c -> c.t() >= 0).toList();
        double end = Stream.of(components, suites, testBars).flatMap(List::stream).mapToDouble(Bar::end).max().orElse(0);
        end = Math.max(end, samples.stream().mapToDouble(CpuSample::t).max().orElse(0));
        return new RunTimeline(origin.toString(), end, components, suites, testBars, samples);
    }

    private record TimedTest(TestRecord record, Instant start) {
    }

    private static double since(Instant origin, Instant t) {
        return Math.round(Duration.between(origin, t).toMillis() / 100.0) / 10.0;
    }

    private static Optional<Instant> instant(String text) {
        try {
            return text == null ? Optional.empty() : Optional.of(Instant.parse(text));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
