package dev.lakehouse.conformance.report;

import java.util.List;

/** Texts that gate.md, gate.html and the console share. */
final class ReportText {
    static final String TITLE = "Lakehouse release gate";

    private ReportText() {
    }

    /** E.g. "15 checkpoints: 10 PASS, 2 FAIL, 3 NOT VERIFIED". */
    static String checkpointCounts(GateReport.Summary summary) {
        return summary.checkpoints() + " checkpoints: " + summary.passed() + " PASS, " + summary.partial() + " PARTIAL, "
                + summary.failed() + " FAIL, " + summary.notVerified() + " NOT VERIFIED";
    }

    /** E.g. "30 of 42 criteria verified (0 FAIL, 12 NOT VERIFIED)": what a PASS of the gate rests on, first. */
    static String criteriaCounts(GateReport.Summary summary, EnvironmentInfo environment) {
        String target = environment == null || environment.target() == null ? "" : " on the " + environment.target() + " target";
        return summary.criteriaVerified() + " of " + summary.criteria() + " plan criteria verified" + target + " ("
                + summary.criteriaFailed() + " FAIL, " + summary.criteriaNotVerified() + " NOT VERIFIED)";
    }

    /** E.g. "40 tests: 35 passed, 2 failed, 3 skipped; 8 figures". */
    static String testCounts(GateReport.Summary summary) {
        return summary.tests() + " tests: " + summary.testsPassed() + " passed, " + summary.testsFailed() + " failed, "
                + summary.testsSkipped() + " skipped; " + summary.figures() + " figures";
    }

    /**
     * "2 tests FAIL (KNOWN DEFECT), 1 accepted by the gate's policy: FAIL (KNOWN DEFECT rgw-...) S3CopyTest > ..., ...";
     * empty when no test failed of a known defect.
     */
    static String knownDefectCounts(GateReport.Summary summary) {
        if (summary.testsFailedKnownDefect() == 0) {
            return "";
        }
        return summary.testsFailedKnownDefect() + (summary.testsFailedKnownDefect() == 1 ? " test" : " tests") + " FAIL (KNOWN DEFECT), "
                + summary.knownDefectsAccepted() + " accepted by the gate's policy: " + String.join(", ", summary.knownDefectFailures());
    }

    /** "1 component restarted during the run: radosgw (signal 6 (SIGABRT))"; empty when none was. */
    static String restartCounts(GateReport report) {
        List<ComponentRestart> restarts = report.restarts();
        if (restarts.isEmpty()) {
            return "";
        }
        return restarts.size() + (restarts.size() == 1 ? " component" : " components") + " restarted during the run: " + String.join(", ",
                restarts.stream().map(r -> r.component() + (r.exit() == null ? "" : " (" + r.exit() + ")")).toList());
    }

    /** "accepted (policy from ...)" or "fails the gate (...)": what a known-defect failure means for the gate. */
    static String gateEffect(KnownDefectFindings findings, KnownDefectFindings.Failure failure) {
        return (failure.accepted() ? "accepted: " : "fails the gate: ") + findings.policyText();
    }

    /** "restarted in 2.4 s", or the outcome the run gave ("not restarted: ..."). */
    static String restartOutcome(ComponentRestart restart) {
        if (restart.restartSeconds() != null) {
            return "restarted in " + seconds(restart.restartSeconds());
        }
        if (restart.outcome() != null && !restart.outcome().isBlank()) {
            return restart.outcome();
        }
        return restart.restartedAt() == null ? "not restarted" : "restarted";
    }

    /** The test that measured a figure: "—" when not measured, "the environment" for its own figures. */
    static String measuredBy(MetricResult metric) {
        if (metric.value() == null) {
            return "—";
        }
        return metric.test() == null ? "the environment" : metric.test();
    }

    static String seconds(Double value) {
        return value == null ? "" : Numbers.format(value) + " s";
    }

    static String measured(MetricResult metric) {
        return metric.value() == null ? "—" : Numbers.withUnit(metric.value(), metric.unit());
    }

    static String target(MetricResult metric) {
        return metric.target() == null ? "—" : metric.target().describe(metric.unit());
    }

    static String gating(MetricResult metric) {
        return metric.target() == null ? "—" : metric.gating() ? "yes" : "no";
    }

    /** The figure's detail, its samples and any note, in one line. */
    static String detail(MetricResult metric) {
        StringBuilder text = new StringBuilder(metric.detail() == null ? "" : metric.detail());
        List<Double> samples = metric.samples();
        if (!samples.isEmpty()) {
            text.append(text.length() == 0 ? "" : "; ").append("samples: ");
            for (int i = 0; i < samples.size(); i++) {
                text.append(i == 0 ? "" : ", ").append(Numbers.format(samples.get(i)));
            }
        }
        if (metric.note() != null) {
            text.append(text.length() == 0 ? "" : "; ").append(metric.note());
        }
        return text.toString();
    }

    /** "Ready in 27.4 s (target <= 60 s: met)" and the like. */
    static String ready(GateReport report) {
        MetricResult ready = report.environmentMetrics().stream()
                .filter(m -> m.id().equals(GateEvaluator.READY_METRIC)).findFirst().orElse(null);
        if (ready == null) {
            return report.environment() == null || report.environment().readySeconds() == null
                    ? "not recorded" : seconds(report.environment().readySeconds());
        }
        if (ready.value() == null) {
            return "not recorded" + (ready.target() == null ? "" : " (target " + target(ready) + ")");
        }
        return measured(ready) + (ready.target() == null ? "" : " (target " + target(ready) + ": " + ready.status().label() + ")");
    }

    /** "Values in s." above a chart's table; empty when the chart has no unit. */
    static String chartUnit(BenchmarkChart chart) {
        return chart.unit() == null || chart.unit().isBlank() ? "" : "Values in " + chart.unit() + ".";
    }

    /** A chart value to three decimals like every figure (the bar's tooltip and gate.json keep every digit); a dash when the label has none. */
    static String chartValue(BenchmarkChart chart, String label, String series) {
        Double value = chart.value(label, series);
        return value == null ? "—" : Numbers.format(value);
    }

    static String orDash(String text) {
        return text == null || text.isBlank() ? "—" : text;
    }
}
