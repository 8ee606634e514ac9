package dev.lakehouse.conformance.report;

import static dev.lakehouse.conformance.report.HtmlReportWriter.esc;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Draws a {@link BenchmarkChart} as inline SVG for gate.html: grouped vertical bars (a group per label,
 * a colour per series) with a legend, a y axis with round ticks and the unit, the labels below (slanted
 * when they do not fit) and a {@code <title>} tooltip with the exact value on every bar. Each bar is a
 * {@code <rect class="bar">}. Text widths are estimates: there are no font metrics here.
 */
final class SvgBarChart {
    /** Okabe-Ito colours: told apart also by colour-blind readers. */
    private static final String[] COLOURS = {"#0072b2", "#e69f00", "#009e73", "#d55e00", "#cc79a7", "#56b4e9", "#999999", "#000000"};
    private static final int FONT_SIZE = 11;
    private static final double CHAR_WIDTH = 6.5;
    private static final double PLOT_HEIGHT = 240;
    private static final double SLANT_DEGREES = 40;
    private static final int MAX_LABEL_CHARS = 28;
    private static final double RIGHT_MARGIN = 16;

    private SvgBarChart() {
    }

    static String render(BenchmarkChart chart) {
        Layout layout = Layout.of(chart);
        StringBuilder svg = new StringBuilder();
        svg.append("<svg class=\"chart\" data-group=\"").append(esc(chart.group())).append("\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ")
                .append(px(layout.width())).append(' ').append(px(layout.height())).append("\" width=\"").append(px(layout.width()))
                .append("\" height=\"").append(px(layout.height())).append("\" font-size=\"").append(FONT_SIZE)
                .append("\" role=\"img\" aria-label=\"").append(esc(chart.group())).append("\">\n");
        legend(svg, chart, layout);
        axis(svg, chart, layout);
        bars(svg, chart, layout);
        labels(svg, chart, layout);
        return svg.append("</svg>").toString();
    }

    /**
     * Round ticks, steps of 1, 2 or 5 times a power of ten, from zero or below to the largest value or
     * above, so that every bar starts at zero and fits.
     */
    static List<BigDecimal> ticks(double min, double max) {
        double low = Math.min(0, min);
        double high = Math.max(0, max) == low ? low + 1 : Math.max(0, max);
        double rough = (high - low) / 5;
        int exponent = (int) Math.floor(Math.log10(rough));
        double fraction = rough / Math.pow(10, exponent);
        int multiple = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
        BigDecimal step = BigDecimal.valueOf(multiple).scaleByPowerOfTen(exponent);
        List<BigDecimal> ticks = new ArrayList<>();
        ticks.add(BigDecimal.valueOf(Math.floor(low / step.doubleValue())).multiply(step).stripTrailingZeros());
        while (ticks.get(ticks.size() - 1).doubleValue() < high) {
            ticks.add(ticks.get(ticks.size() - 1).add(step).stripTrailingZeros());
        }
        return ticks;
    }

    private record Spot(double x, double y) {
    }

    /** Where everything goes, in SVG user units (pixels at 100 %). */
    private record Layout(List<BigDecimal> ticks, double left, double unitX, double top, double slot, double barWidth, boolean slanted,
                          double width, double height, List<Spot> legend) {

        static Layout of(BenchmarkChart chart) {
            int labels = chart.labels().size();
            int series = chart.series().size();
            List<Double> values = chart.values().values().stream().flatMap(v -> v.values().stream()).toList();
            List<BigDecimal> ticks = SvgBarChart.ticks(values.stream().mapToDouble(v -> v).min().orElse(0),
                    values.stream().mapToDouble(v -> v).max().orElse(0));

            // each label has a slot: its bars side by side and a gap of 14 to the next; the plot is 360 wide at least
            double slot = Math.max(360.0 / labels, Math.max(48, series * 11 + 14));
            double barWidth = Math.min(40, (slot - 14) / series);
            double labelWidth = chart.labels().stream().mapToInt(l -> shortLabel(l).length()).max().orElse(0) * CHAR_WIDTH;
            boolean slanted = labelWidth > slot - 6;
            int tickChars = ticks.stream().mapToInt(t -> t.toPlainString().length()).max().orElse(1);
            // room for the unit and the tick labels, and for the first slanted label reaching left
            double left = Math.max(30 + tickChars * CHAR_WIDTH, slanted ? labelWidth * Math.cos(Math.toRadians(SLANT_DEGREES)) - slot / 2 + 8 : 0);
            double width = left + slot * labels + RIGHT_MARGIN;

            // legend entries in rows above the plot, wrapped at the chart's width
            List<Spot> legend = new ArrayList<>();
            double x = left;
            double y = 8;
            for (String name : chart.series()) {
                double entryWidth = 14 + name.length() * CHAR_WIDTH + 16;
                if (x > left && x + entryWidth > width) {
                    x = left;
                    y += 18;
                }
                legend.add(new Spot(x, y));
                x += entryWidth;
            }
            double top = y + 30;
            double bottom = slanted ? 22 + labelWidth * Math.sin(Math.toRadians(SLANT_DEGREES)) : 28;
            double unitX = left - 16 - tickChars * CHAR_WIDTH;
            return new Layout(ticks, left, unitX, top, slot, barWidth, slanted, width, top + PLOT_HEIGHT + bottom, legend);
        }

        double y(double value) {
            double min = ticks.get(0).doubleValue();
            double max = ticks.get(ticks.size() - 1).doubleValue();
            return top + (max - value) / (max - min) * PLOT_HEIGHT;
        }

        double plotRight() {
            return width - RIGHT_MARGIN;
        }
    }

    private static void legend(StringBuilder svg, BenchmarkChart chart, Layout layout) {
        svg.append("<g class=\"legend\">\n");
        for (int s = 0; s < chart.series().size(); s++) {
            double x = layout.legend().get(s).x();
            double y = layout.legend().get(s).y();
            svg.append("<rect class=\"swatch\" x=\"").append(px(x)).append("\" y=\"").append(px(y)).append("\" width=\"10\" height=\"10\" fill=\"")
                    .append(colour(s)).append("\"/><text x=\"").append(px(x + 14)).append("\" y=\"").append(px(y + 9)).append("\">")
                    .append(esc(chart.series().get(s))).append("</text>\n");
        }
        svg.append("</g>\n");
    }

    private static void axis(StringBuilder svg, BenchmarkChart chart, Layout layout) {
        svg.append("<g class=\"axis\">\n");
        for (BigDecimal tick : layout.ticks()) {
            double y = layout.y(tick.doubleValue());
            // grid lines, the one at zero darker: it is the bars' base
            svg.append(line(layout.left(), y, layout.plotRight(), y, tick.signum() == 0 ? "#57606a" : "#d0d7de"))
                    .append("<text x=\"").append(px(layout.left() - 6)).append("\" y=\"").append(px(y + 4)).append("\" text-anchor=\"end\">")
                    .append(esc(tick.toPlainString())).append("</text>\n");
        }
        svg.append(line(layout.left(), layout.top(), layout.left(), layout.top() + PLOT_HEIGHT, "#57606a")).append('\n');
        if (chart.unit() != null && !chart.unit().isBlank()) {
            String x = px(layout.unitX());
            String y = px(layout.top() + PLOT_HEIGHT / 2);
            svg.append("<text x=\"").append(x).append("\" y=\"").append(y).append("\" text-anchor=\"middle\" transform=\"rotate(-90 ")
                    .append(x).append(' ').append(y).append(")\">").append(esc(chart.unit())).append("</text>\n");
        }
        svg.append("</g>\n");
    }

    private static void bars(StringBuilder svg, BenchmarkChart chart, Layout layout) {
        svg.append("<g class=\"bars\">\n");
        double zero = layout.y(0);
        for (int l = 0; l < chart.labels().size(); l++) {
            String label = chart.labels().get(l);
            double groupLeft = layout.left() + layout.slot() * l + (layout.slot() - layout.barWidth() * chart.series().size()) / 2;
            for (int s = 0; s < chart.series().size(); s++) {
                Double value = chart.value(label, chart.series().get(s));
                if (value == null) {
                    continue;
                }
                double y = layout.y(value);
                String tooltip = label + ", " + chart.series().get(s) + ": " + Numbers.exact(value)
                        + (chart.unit() == null || chart.unit().isBlank() ? "" : " " + chart.unit());
                svg.append("<rect class=\"bar\" x=\"").append(px(groupLeft + s * layout.barWidth())).append("\" y=\"").append(px(Math.min(y, zero)))
                        .append("\" width=\"").append(px(layout.barWidth())).append("\" height=\"").append(px(Math.abs(y - zero)))
                        .append("\" fill=\"").append(colour(s)).append("\"><title>").append(esc(tooltip)).append("</title></rect>\n");
            }
        }
        svg.append("</g>\n");
    }

    private static void labels(StringBuilder svg, BenchmarkChart chart, Layout layout) {
        svg.append("<g class=\"labels\">\n");
        String y = px(layout.top() + PLOT_HEIGHT + 14);
        for (int l = 0; l < chart.labels().size(); l++) {
            String label = chart.labels().get(l);
            String x = px(layout.left() + layout.slot() * (l + 0.5));
            String placement = layout.slanted()
                    ? "end\" transform=\"rotate(-" + px(SLANT_DEGREES) + " " + x + " " + y + ")"
                    : "middle";
            svg.append("<text x=\"").append(x).append("\" y=\"").append(y).append("\" text-anchor=\"").append(placement).append("\">")
                    .append("<title>").append(esc(label)).append("</title>").append(esc(shortLabel(label))).append("</text>\n");
        }
        svg.append("</g>\n");
    }

    private static String line(double x1, double y1, double x2, double y2, String colour) {
        return "<line x1=\"" + px(x1) + "\" y1=\"" + px(y1) + "\" x2=\"" + px(x2) + "\" y2=\"" + px(y2) + "\" stroke=\"" + colour + "\"/>";
    }

    private static String shortLabel(String label) {
        return label.length() <= MAX_LABEL_CHARS ? label : label.substring(0, MAX_LABEL_CHARS - 1) + "…";
    }

    private static String colour(int series) {
        return COLOURS[series % COLOURS.length];
    }

    /** A coordinate: one decimal is finer than a pixel. */
    private static String px(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
