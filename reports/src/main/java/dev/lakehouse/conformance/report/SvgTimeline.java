package dev.lakehouse.conformance.report;

import static dev.lakehouse.conformance.report.HtmlReportWriter.esc;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Draws a {@link RunTimeline} as inline SVG: one row per component (its start, launch to ready), one row per suite
 * class (its span, with its tests as segments coloured by outcome), and the machine's CPU use as an area under them,
 * all on one time axis. Every bar is a {@code <rect class="span">} with a {@code <title>} tooltip.
 */
final class SvgTimeline {
    private static final double WIDTH = 1100;
    private static final double LABEL_WIDTH = 250;
    private static final double ROW = 16;
    private static final double CPU_HEIGHT = 70;
    private static final double TOP = 24;
    private static final int MAX_LABEL_CHARS = 38;

    private SvgTimeline() {
    }

    static String render(RunTimeline timeline) {
        List<RunTimeline.Bar> components = timeline.components();
        List<RunTimeline.Bar> suites = timeline.suites().isEmpty() ? suitesFromTests(timeline) : timeline.suites();
        int rows = components.size() + suites.size() + (components.isEmpty() ? 0 : 1);
        double plotWidth = WIDTH - LABEL_WIDTH - 16;
        double scale = plotWidth / Math.max(1, timeline.endSeconds());
        double cpuTop = TOP + rows * ROW + 18;
        double height = cpuTop + CPU_HEIGHT + 30;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg class=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(px(WIDTH)).append(' ')
                .append(px(height)).append("\" width=\"").append(px(WIDTH)).append("\" height=\"").append(px(height))
                .append("\" font-size=\"11\" role=\"img\" aria-label=\"Timeline of the run\">\n");
        axis(svg, timeline.endSeconds(), scale, cpuTop + CPU_HEIGHT);
        double y = TOP;
        for (RunTimeline.Bar component : components) {
            row(svg, "start: " + component.name(), y);
            span(svg, component, y, scale, "#0072b2", component.name() + ": started in " + fmt(component.seconds()) + " s");
            y += ROW;
        }
        if (!components.isEmpty()) {
            y += ROW;
        }
        for (RunTimeline.Bar suite : suites) {
            row(svg, suite.name(), y);
            span(svg, suite, y, scale, "#d0d7de", suite.name() + ": " + fmt(suite.seconds()) + " s");
            for (RunTimeline.Bar test : timeline.tests()) {
                if (suite.name().equals(test.group())) {
                    span(svg, test, y + 3, scale, colour(test.status()), test.name() + " " + test.status() + ", " + fmt(test.seconds()) + " s", ROW - 6);
                }
            }
            y += ROW;
        }
        cpu(svg, timeline.cpu(), cpuTop, scale);
        return svg.append("</svg>").toString();
    }

    /** Suite rows when the run recorded no suite spans: each class from its first test's start to its last test's end. */
    private static List<RunTimeline.Bar> suitesFromTests(RunTimeline timeline) {
        return timeline.tests().stream().collect(Collectors.groupingBy(RunTimeline.Bar::group, java.util.LinkedHashMap::new, Collectors.toList()))
                .entrySet().stream().map(e -> new RunTimeline.Bar(e.getKey(), null,
                        e.getValue().stream().mapToDouble(RunTimeline.Bar::start).min().orElse(0),
                        e.getValue().stream().mapToDouble(RunTimeline.Bar::end).max().orElse(0), null)).toList();
    }

    private static void axis(StringBuilder svg, double end, double scale, double bottom) {
        double step = end <= 120 ? 10 : end <= 600 ? 60 : end <= 1800 ? 120 : 300;
        for (double t = 0; t <= end + 0.001; t += step) {
            double x = LABEL_WIDTH + t * scale;
            svg.append("<line x1=\"").append(px(x)).append("\" y1=\"").append(px(TOP - 6)).append("\" x2=\"").append(px(x))
                    .append("\" y2=\"").append(px(bottom)).append("\" stroke=\"#eaeef2\"/>")
                    .append("<text x=\"").append(px(x)).append("\" y=\"").append(px(TOP - 10)).append("\" text-anchor=\"middle\" fill=\"#57606a\">")
                    .append(fmt(t)).append(" s</text>\n");
        }
    }

    private static void row(StringBuilder svg, String label, double y) {
        String text = label.length() > MAX_LABEL_CHARS ? label.substring(0, MAX_LABEL_CHARS - 1) + "…" : label;
        svg.append("<text x=\"").append(px(LABEL_WIDTH - 6)).append("\" y=\"").append(px(y + ROW - 4))
                .append("\" text-anchor=\"end\">").append(esc(text)).append("</text>\n");
    }

    private static void span(StringBuilder svg, RunTimeline.Bar bar, double y, double scale, String colour, String title) {
        span(svg, bar, y + 1, scale, colour, title, ROW - 2);
    }

    private static void span(StringBuilder svg, RunTimeline.Bar bar, double y, double scale, String colour, String title, double height) {
        double x = LABEL_WIDTH + bar.start() * scale;
        double width = Math.max(1, bar.seconds() * scale);
        svg.append("<rect class=\"span\" x=\"").append(px(x)).append("\" y=\"").append(px(y)).append("\" width=\"").append(px(width))
                .append("\" height=\"").append(px(height)).append("\" fill=\"").append(colour).append("\"><title>")
                .append(esc(title)).append("</title></rect>\n");
    }

    private static void cpu(StringBuilder svg, List<RunTimeline.CpuSample> samples, double top, double scale) {
        svg.append("<text x=\"").append(px(LABEL_WIDTH - 6)).append("\" y=\"").append(px(top + CPU_HEIGHT / 2))
                .append("\" text-anchor=\"end\">CPU busy (all cores)</text>\n")
                .append("<rect x=\"").append(px(LABEL_WIDTH)).append("\" y=\"").append(px(top)).append("\" width=\"")
                .append(px(WIDTH - LABEL_WIDTH - 16)).append("\" height=\"").append(px(CPU_HEIGHT)).append("\" fill=\"none\" stroke=\"#d0d7de\"/>\n");
        if (samples.isEmpty()) {
            return;
        }
        StringBuilder points = new StringBuilder();
        points.append(px(LABEL_WIDTH + samples.get(0).t() * scale)).append(',').append(px(top + CPU_HEIGHT));
        for (RunTimeline.CpuSample sample : samples) {
            double y = top + CPU_HEIGHT * (1 - Math.min(100, Math.max(0, sample.busyPercent())) / 100);
            points.append(' ').append(px(LABEL_WIDTH + sample.t() * scale)).append(',').append(px(y));
        }
        points.append(' ').append(px(LABEL_WIDTH + samples.get(samples.size() - 1).t() * scale)).append(',').append(px(top + CPU_HEIGHT));
        double average = samples.stream().mapToDouble(RunTimeline.CpuSample::busyPercent).average().orElse(0);
        svg.append("<polygon class=\"cpu\" points=\"").append(points).append("\" fill=\"#e69f00\" fill-opacity=\"0.6\"><title>CPU busy, ")
                .append(samples.size()).append(" samples, average ").append(fmt(average)).append(" %</title></polygon>\n");
    }

    private static String colour(String status) {
        return switch (status == null ? "" : status) {
            case "PASS" -> "#1a7f37";
            case "FAIL" -> "#cf222e";
            default -> "#9a6700";
        };
    }

    private static String fmt(double value) {
        return Numbers.format(Math.round(value * 10) / 10.0);
    }

    private static String px(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
