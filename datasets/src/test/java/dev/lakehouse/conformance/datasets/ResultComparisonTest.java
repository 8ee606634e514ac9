package dev.lakehouse.conformance.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.conformance.datasets.ResultComparison.Difference;
import dev.lakehouse.conformance.datasets.ResultComparison.Outcome;
import dev.lakehouse.conformance.datasets.ResultComparison.Verdict;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultComparisonTest {

    private final ResultComparison comparison = ResultComparison.withDefaultTolerance();

    /** One row; Arrays.asList because List.of refuses nulls. */
    private static List<Object> row(Object... values) {
        return Arrays.asList(values);
    }

    @Test
    void equalResultsOfEveryJdbcTypeAreEqual() {
        List<List<Object>> rows = List.of(
                row(1L, 2, 3.5, new BigDecimal("4.10"), "a", LocalDate.of(1998, 9, 2), true, null),
                row(5L, 6, -0.0, BigDecimal.ONE, "", LocalDate.of(1992, 1, 1), false, null));

        Verdict verdict = comparison.compare(rows, rows);

        assertThat(verdict.outcome()).as(verdict.message()).isEqualTo(Outcome.EQUAL);
        assertThat(verdict.matches()).as("matches").isTrue();
        assertThat(verdict.firstDifference()).as("first difference").isEmpty();
        assertThat(verdict.message()).as("message").isEqualTo("equal: 2 rows");
    }

    @Test
    void doublesWithinRelativeToleranceAreEqual() {
        Verdict verdict = comparison.compare(List.of(row(123_456_789.0)), List.of(row(123_456_789.0 * (1 + 5e-10))));

        assertThat(verdict.outcome()).as(verdict.message()).isEqualTo(Outcome.EQUAL);
    }

    @Test
    void doublesNearZeroWithinAbsoluteToleranceAreEqual() {
        Verdict verdict = comparison.compare(List.of(row(0.0)), List.of(row(5e-10)));

        assertThat(verdict.outcome()).as(verdict.message()).isEqualTo(Outcome.EQUAL);
    }

    @Test
    void doublesOutsideToleranceDifferWithPositionAndBothValues() {
        Verdict verdict = comparison.compare(List.of(row("R", 100.0)), List.of(row("R", 100.000001)));

        assertThat(verdict.outcome()).as(verdict.message()).isEqualTo(Outcome.DIFFERENT);
        assertThat(verdict.firstDifference()).as("first difference")
                .contains(new Difference(0, 1, 100.0, 100.000001));
        assertThat(verdict.message()).as("message")
                .contains("row 0, column 1", "expected 100.0 (Double) but was 100.000001 (Double)");
    }

    @Test
    void toleranceIsConfigurable() {
        ResultComparison loose = ResultComparison.withTolerance(1e-3, 0);

        Verdict verdict = loose.compare(List.of(row(100.0)), List.of(row(100.05)));

        assertThat(verdict.outcome()).as(verdict.message()).isEqualTo(Outcome.EQUAL);
    }

    @Test
    void differentRowCountsAreReportedWithBothCountsAndTheMissingRow() {
        Verdict verdict = comparison.compare(List.of(row(1L), row(2L)), List.of(row(1L)));

        assertThat(verdict.outcome()).as(verdict.message()).isEqualTo(Outcome.DIFFERENT);
        assertThat(verdict.expectedRows()).as("expected rows").isEqualTo(2);
        assertThat(verdict.actualRows()).as("actual rows").isEqualTo(1);
        assertThat(verdict.message()).as("message")
                .contains("2 rows expected, 1 actual", "at row 1: expected [2 (Long)] but was no row");
    }

    @Test
    void nullDiffersFromAValue() {
        Verdict verdict = comparison.compare(List.of(row(1L, null)), List.of(row(1L, 0L)));

        assertThat(verdict.outcome()).as(verdict.message()).isEqualTo(Outcome.DIFFERENT);
        assertThat(verdict.message()).as("message").contains("column 1: expected NULL but was 0 (Long)");
    }

    @Test
    void integerDiffersFromLongOfTheSameValue() {
        Verdict verdict = comparison.compare(List.of(row(7)), List.of(row(7L)));

        assertThat(verdict.outcome()).as(verdict.message()).isEqualTo(Outcome.DIFFERENT);
        assertThat(verdict.message()).as("message").contains("expected 7 (Integer) but was 7 (Long)");
    }

    @Test
    void bigDecimalsCompareByValueNotScale() {
        Verdict verdict = comparison.compare(List.of(row(new BigDecimal("1.50"))), List.of(row(new BigDecimal("1.5"))));

        assertThat(verdict.outcome()).as(verdict.message()).isEqualTo(Outcome.EQUAL);
    }

    @Test
    void sqlDateEqualsTheSameLocalDate() {
        Verdict verdict = comparison.compare(List.of(row(LocalDate.of(1995, 3, 15))),
                List.of(row(java.sql.Date.valueOf("1995-03-15"))));

        assertThat(verdict.outcome()).as(verdict.message()).isEqualTo(Outcome.EQUAL);
    }

    @Test
    void rowsTiedOnTheOrderByKeysMayComeInEitherOrder() {
        // ORDER BY revenue DESC (column 1): the two orders with revenue 50.0 tie
        List<List<Object>> expected = List.of(row(1L, 90.0), row(2L, 50.0), row(3L, 50.0));
        List<List<Object>> actual = List.of(row(1L, 90.0), row(3L, 50.0), row(2L, 50.0));

        Verdict verdict = comparison.compare(expected, actual, List.of(1));

        assertThat(verdict.outcome()).as(verdict.message()).isEqualTo(Outcome.TIES_REORDERED);
        assertThat(verdict.matches()).as("matches").isTrue();
        assertThat(verdict.message()).as("message").contains("tied on the ORDER BY key columns [1]", "row 1");
    }

    @Test
    void rowsWithDistinctOrderByKeysInAnotherOrderDoNotMatch() {
        List<List<Object>> expected = List.of(row(1L, 90.0), row(2L, 50.0));
        List<List<Object>> actual = List.of(row(2L, 50.0), row(1L, 90.0));

        Verdict verdict = comparison.compare(expected, actual, List.of(1));

        assertThat(verdict.outcome()).as(verdict.message()).isEqualTo(Outcome.ORDER_DIFFERS);
        assertThat(verdict.matches()).as("matches").isFalse();
        assertThat(verdict.sameRowsIgnoringOrder()).as("same rows ignoring order").isTrue();
        assertThat(verdict.message()).as("message")
                .contains("equal as multisets, order differs", "key columns [1] differ at row 0");
    }

    @Test
    void withoutOrderKeysAnyReorderingIsLeftToTheCaller() {
        List<List<Object>> expected = List.of(row("a"), row("b"));
        List<List<Object>> actual = List.of(row("b"), row("a"));

        Verdict verdict = comparison.compare(expected, actual);

        assertThat(verdict.outcome()).as(verdict.message()).isEqualTo(Outcome.ORDER_DIFFERS);
        assertThat(verdict.message()).as("message").contains("the caller decides");
    }

    @Test
    void withEmptyOrderKeysEveryRowTiesSoAnyOrderMatches() {
        Verdict verdict = comparison.compare(List.of(row("a"), row("b")), List.of(row("b"), row("a")), List.of());

        assertThat(verdict.outcome()).as(verdict.message()).isEqualTo(Outcome.TIES_REORDERED);
    }

    @Test
    void multisetFallbackPairsRowsByExactColumnsDespiteFloatNoise() {
        // the revenues differ in the last bits and would sort the other way round if compared first
        List<List<Object>> expected = List.of(row(1L, 10.000000000000002), row(2L, 10.0));
        List<List<Object>> actual = List.of(row(2L, 10.000000000000002), row(1L, 10.0));

        Verdict verdict = comparison.compare(expected, actual, List.of(1));

        assertThat(verdict.outcome()).as(verdict.message()).isEqualTo(Outcome.TIES_REORDERED);
    }

    @Test
    void reorderedResultWithAlsoADifferentRowIsDifferent() {
        List<List<Object>> expected = List.of(row(1L, "x"), row(2L, "y"));
        List<List<Object>> actual = List.of(row(2L, "y"), row(1L, "z"));

        Verdict verdict = comparison.compare(expected, actual, List.of());

        assertThat(verdict.outcome()).as(verdict.message()).isEqualTo(Outcome.DIFFERENT);
        assertThat(verdict.message()).as("message")
                .contains("not equal as multisets either", "expected row 0 [1 (Long), 'x' (String)]",
                        "differs from actual row 1 [1 (Long), 'z' (String)]");
    }

    @Test
    void orderKeyOutsideTheRowIsRejected() {
        List<List<Object>> expected = List.of(row(1L), row(2L));
        List<List<Object>> actual = List.of(row(2L), row(1L));

        assertThatThrownBy(() -> comparison.compare(expected, actual, List.of(3))).as("key column 3 of 1")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("column 3 is outside the 1 result columns");
    }

    @Test
    void negativeToleranceIsRejected() {
        assertThatThrownBy(() -> ResultComparison.withTolerance(-1, 0)).as("negative tolerance")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("zero or positive");
    }
}
