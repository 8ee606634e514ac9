package dev.lakehouse.conformance.report;

import static dev.lakehouse.conformance.report.Fixtures.chart;
import static dev.lakehouse.conformance.report.Fixtures.ordered;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SvgBarChartTest {
    private static BenchmarkChart chartOf(List<String> labels, Map<String, Object> series) {
        return BenchmarkChart.of(labels.stream()
                .map(label -> new Figure("3.2", label, 1, "s", null, List.of(), Map.of("chart", chart("latency", label, series))))
                .toList()).get(0);
    }

    private static List<String> plain(List<BigDecimal> ticks) {
        return ticks.stream().map(BigDecimal::toPlainString).toList();
    }

    @Test
    void ticksAreRoundStepsFromZeroToTheLargestValueOrAbove() {
        assertThat(plain(SvgBarChart.ticks(0, 0.52))).as("ticks for values up to 0.52").containsExactly("0", "0.2", "0.4", "0.6");
    }

    @Test
    void ticksReachBelowZeroForNegativeValues() {
        assertThat(plain(SvgBarChart.ticks(-3, 7))).as("ticks for values from -3 to 7").containsExactly("-4", "-2", "0", "2", "4", "6", "8");
    }

    @Test
    void ticksOfOnlyZerosSpanZeroToOne() {
        assertThat(plain(SvgBarChart.ticks(0, 0))).as("ticks for zeros").startsWith("0").endsWith("1");
    }

    @Test
    void drawsABarPerValueWithTheExactValueAsTooltip() {
        String svg = SvgBarChart.render(chartOf(List.of("q01", "q02"), ordered("p50", 0.412345678, "p95", 0.5)));

        assertThat(svg.split("<rect class=\"bar\"", -1)).as("bars of 2 labels x 2 series").hasSize(4 + 1);
        assertThat(svg).as("tooltip of q01 p50").contains("<title>q01, p50: 0.412345678 s</title></rect>");
    }

    @Test
    void drawsALegendEntryPerSeries() {
        String svg = SvgBarChart.render(chartOf(List.of("q01"), ordered("cold", 1.2, "p50", 0.4, "p95", 0.5)));

        assertThat(svg.split("<rect class=\"swatch\"", -1)).as("legend swatches of 3 series").hasSize(3 + 1);
        assertThat(svg).as("legend text").contains(">cold</text>", ">p50</text>", ">p95</text>");
    }

    @Test
    void slantsLabelsThatAreWiderThanTheirPlace() {
        List<String> labels = IntStream.rangeClosed(1, 10).mapToObj(i -> "a label far too wide for its bars " + i).toList();

        assertThat(SvgBarChart.render(chartOf(labels, ordered("p50", 1)))).as("chart with long labels").contains("transform=\"rotate(-40.0 ");
    }

    @Test
    void keepsShortLabelsLevel() {
        assertThat(SvgBarChart.render(chartOf(List.of("q01", "q02"), ordered("p50", 1)))).as("chart with short labels")
                .doesNotContain("rotate(-40.0");
    }
}
