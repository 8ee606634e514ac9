package dev.lakehouse.conformance.report;

import static dev.lakehouse.conformance.report.Fixtures.chart;
import static dev.lakehouse.conformance.report.Fixtures.ordered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchmarkChartTest {
    private static final String LATENCY = "TPC-H query latency, scale tiny (s)";
    private static final String SCALING = "Concurrency scaling, scale tiny";

    private static Figure charted(String id, String unit, Map<String, Object> chart) {
        return new Figure("3.2", id, 1, unit, null, List.of(), Map.of("chart", chart));
    }

    @Test
    void figuresWithTheSameGroupFormOneChartInTheOrderGroupsFirstAppear() {
        List<BenchmarkChart> charts = BenchmarkChart.of(List.of(
                charted("a", "s", chart(LATENCY, "q01", ordered("p50", 0.4))),
                charted("b", "queries/min", chart(SCALING, "1 client", ordered("queries/min", 40))),
                charted("c", "s", chart(LATENCY, "q02", ordered("p50", 0.5)))));

        assertThat(charts).as("charts").extracting(BenchmarkChart::group).containsExactly(LATENCY, SCALING);
        assertThat(charts.get(0).labels()).as("labels of the latency chart").containsExactly("q01", "q02");
    }

    @Test
    void labelsAreInTheOrderOfFirstAppearance() {
        BenchmarkChart chart = BenchmarkChart.of(List.of(
                charted("a", "s", chart(LATENCY, "q10", ordered("p50", 0.4))),
                charted("b", "s", chart(LATENCY, "q02", ordered("p50", 0.5))),
                charted("c", "s", chart(LATENCY, "q10", ordered("p95", 0.6))))).get(0);

        assertThat(chart.labels()).as("labels").containsExactly("q10", "q02");
    }

    @Test
    void seriesNamesAreInTheOrderOfFirstAppearance() {
        BenchmarkChart chart = BenchmarkChart.of(List.of(
                charted("a", "s", chart(LATENCY, "q01", ordered("p50", 0.4, "p95", 0.5))),
                charted("b", "s", chart(LATENCY, "q02", ordered("cold", 1.2, "p50", 0.5, "max", 0.7))))).get(0);

        assertThat(chart.series()).as("series").containsExactly("p50", "p95", "cold", "max");
    }

    @Test
    void aLabelWithoutSomeSeriesHasNoValueForThem() {
        BenchmarkChart chart = BenchmarkChart.of(List.of(
                charted("a", "s", chart(LATENCY, "q01", ordered("p50", 0.4))),
                charted("b", "s", chart(LATENCY, "q02", ordered("cold", 1.2))))).get(0);

        assertThat(chart.value("q01", "cold")).as("cold value of q01").isNull();
        assertThat(chart.value("q02", "cold")).as("cold value of q02").isEqualTo(1.2);
    }

    @Test
    void laterValueForTheSameLabelAndSeriesWins() {
        BenchmarkChart chart = BenchmarkChart.of(List.of(
                charted("a", "s", chart(LATENCY, "q01", ordered("p50", 0.4))),
                charted("a", "s", chart(LATENCY, "q01", ordered("p50", 0.45))))).get(0);

        assertThat(chart.value("q01", "p50")).as("p50 of q01 recorded twice").isEqualTo(0.45);
    }

    @Test
    void unitDefaultsToTheUnitOfTheGroupsFirstFigure() {
        BenchmarkChart chart = BenchmarkChart.of(List.of(charted("a", "s", chart(LATENCY, "q01", ordered("p50", 0.4))))).get(0);

        assertThat(chart.unit()).as("axis unit").isEqualTo("s");
    }

    @Test
    void chartUnitOverridesTheFigureUnit() {
        Map<String, Object> chart = ordered("group", "Pushdown", "label", "partition pruning", "series", ordered("ratio", 12.5),
                "unit", "full / pruned");

        assertThat(BenchmarkChart.of(List.of(charted("a", "ratio", chart))).get(0).unit()).as("axis unit").isEqualTo("full / pruned");
    }

    @Test
    void figuresWithoutAChartAreNotCharted() {
        List<Figure> figures = List.of(new Figure("1.1", "s3.put.throughput", 312.5, "MB/s", null, List.of(), Map.of("runs", 5)));

        assertThat(BenchmarkChart.of(figures)).as("charts of ordinary figures").isEmpty();
    }

    @Test
    void chartWithoutLabelIsRejectedNamingTheFigure() {
        Figure figure = charted("tpch.tiny.q01.seconds", "s", ordered("group", LATENCY, "series", ordered("p50", 0.4)));

        assertThatThrownBy(() -> BenchmarkChart.of(List.of(figure))).as("charting a figure without a label")
                .isInstanceOf(ReportInputException.class)
                .hasMessage("figure \"tpch.tiny.q01.seconds\": attributes.chart.label must be a non-empty string, got nothing (the key is missing)");
    }

    @Test
    void chartWithoutSeriesIsRejectedNamingTheFigure() {
        Figure figure = charted("tpch.tiny.q01.seconds", "s", ordered("group", LATENCY, "label", "q01", "series", Map.of()));

        assertThatThrownBy(() -> BenchmarkChart.of(List.of(figure))).as("charting a figure with empty series")
                .isInstanceOf(ReportInputException.class)
                .hasMessageContaining("figure \"tpch.tiny.q01.seconds\": attributes.chart.series must be an object of at least one series");
    }
}
