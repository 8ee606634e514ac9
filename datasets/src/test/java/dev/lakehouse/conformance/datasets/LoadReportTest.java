package dev.lakehouse.conformance.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class LoadReportTest {

    private final LoadReport report = new LoadReport(TpchScale.TINY, "iceberg", "s", List.of(
            new LoadReport.TableLoad(TpchTable.NATION, 25, 1, 2_000_000, 0.5),
            new LoadReport.TableLoad(TpchTable.ORDERS, 15_000, 7, 6_000_000, 1.5)));

    @Test
    void addsUpTablesAndDividesBytesByTime() {
        assertThat(report.totalRows()).isEqualTo(15_025);
        assertThat(report.totalDataFiles()).isEqualTo(8);
        assertThat(report.totalBytes()).isEqualTo(8_000_000);
        assertThat(report.totalSeconds()).isEqualTo(2.0);
        assertThat(report.megabytesPerSecond()).isEqualTo(4.0);
        assertThat(report.table(TpchTable.ORDERS).rows()).isEqualTo(15_000);
    }

    @Test
    void summaryHasOneLinePerTableAndATotal() {
        assertThat(report.summary().lines())
                .hasSize(5)
                .first().asString().isEqualTo("TPC-H tiny (scale factor 0.01) into iceberg.s");
        assertThat(report.summary().lines())
                .anySatisfy(line -> assertThat(line).startsWith("orders").contains("15000"))
                .last().asString().startsWith("total").contains("4.00 MB/s");
    }

    @Test
    void zeroTimeGivesZeroThroughputAndUnknownTableIsNamed() {
        LoadReport empty = new LoadReport(TpchScale.TINY, "iceberg", "s", List.of());
        assertThat(empty.megabytesPerSecond()).isZero();
        assertThatThrownBy(() -> empty.table(TpchTable.LINEITEM)).hasMessageContaining("lineitem");
    }
}
