package dev.lakehouse.conformance.suite.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.conformance.datasets.ResultComparison;
import java.util.List;

/**
 * The answer of a query over the Iceberg copies against the same query over Trino's {@code tpch} connector at the same
 * scale, an oracle that never touches Iceberg, Parquet or the RGW. Floating-point aggregates may differ in the last
 * digits (summation order); everything else must be identical.
 */
final class Oracle {
    private Oracle() {
    }

    /** {@code orderKeys}: the result columns the ORDER BY sorts on; rows that tie on them may come in either order. */
    static void assertMatches(String what, List<List<Object>> expected, List<List<Object>> actual, List<Integer> orderKeys) {
        ResultComparison.Verdict verdict = ResultComparison.withDefaultTolerance().compare(expected, actual, orderKeys);
        assertThat(verdict.matches()).as("%s over Iceberg vs the tpch connector: %s", what, verdict.message()).isTrue();
    }
}
