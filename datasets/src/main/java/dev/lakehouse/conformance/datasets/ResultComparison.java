package dev.lakehouse.conformance.datasets;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * Compares a query result with the result of the same query elsewhere (e.g. an Iceberg copy
 * against Trino's {@code tpch} connector), as rows of values the way JDBC's {@code getObject}
 * returns them.
 *
 * <p>Values:
 * <ul>
 *   <li>{@code null} equals only {@code null}.</li>
 *   <li>{@link Double} and {@link Float} are equal within a relative tolerance <em>or</em> an
 *       absolute one (for values near 0), both {@value #DEFAULT_TOLERANCE} by default: sums of
 *       floating-point values depend on the order the engine adds them in. NaN equals NaN.</li>
 *   <li>{@link BigDecimal}s are equal when {@code compareTo} says so ({@code 1.0} equals
 *       {@code 1.00}).</li>
 *   <li>{@code java.sql.Date}, {@code Time} and {@code Timestamp} are compared as their
 *       {@code java.time} equivalents, so either representation of a date matches.</li>
 *   <li>Otherwise values must be of the same class and {@code equals} ({@code byte[]} by
 *       content): an {@code Integer} never equals a {@code Long}, because a column that changed
 *       type is a finding in itself.</li>
 * </ul>
 *
 * <p>Order. Rows are compared position by position first. If that fails while the two results
 * hold the same rows (as multisets: both are sorted into a canonical order and compared again),
 * the verdict says which kind of order difference it is:
 * <ul>
 *   <li>{@link Outcome#TIES_REORDERED}: the caller gave the ORDER BY key columns, and at every
 *       position the two rows have equal keys. Only rows that tie on the ORDER BY moved, which
 *       SQL allows, so the results {@link Verdict#matches() match}. With an empty key list (no
 *       ORDER BY) every row ties, so any order matches.</li>
 *   <li>{@link Outcome#ORDER_DIFFERS}: the same rows in an order the ORDER BY does not allow, or
 *       in another order when the caller gave no keys (then the caller decides, e.g. with
 *       {@link Verdict#sameRowsIgnoringOrder()}).</li>
 * </ul>
 */
public final class ResultComparison {

    /** The default relative and absolute tolerance for floating-point values. */
    public static final double DEFAULT_TOLERANCE = 1e-9;

    private static final int MAX_ROW_TEXT = 300;

    private final double relativeTolerance;
    private final double absoluteTolerance;

    private ResultComparison(double relativeTolerance, double absoluteTolerance) {
        if (!(relativeTolerance >= 0) || !(absoluteTolerance >= 0)) {
            throw new IllegalArgumentException("Tolerances must be zero or positive numbers, not relative "
                    + relativeTolerance + " and absolute " + absoluteTolerance);
        }
        this.relativeTolerance = relativeTolerance;
        this.absoluteTolerance = absoluteTolerance;
    }

    /** Relative and absolute tolerance {@value #DEFAULT_TOLERANCE}. */
    public static ResultComparison withDefaultTolerance() {
        return new ResultComparison(DEFAULT_TOLERANCE, DEFAULT_TOLERANCE);
    }

    /** Floating-point values are equal when within {@code relative} of the larger magnitude, or within {@code absolute}. */
    public static ResultComparison withTolerance(double relative, double absolute) {
        return new ResultComparison(relative, absolute);
    }

    public double relativeTolerance() {
        return relativeTolerance;
    }

    public double absoluteTolerance() {
        return absoluteTolerance;
    }

    /** What the comparison found, from best to worst. */
    public enum Outcome {
        /** Same rows in the same order. */
        EQUAL,
        /** Same rows; only rows with equal ORDER BY keys are in another order. */
        TIES_REORDERED,
        /** Same rows in an order the ORDER BY keys do not explain (or no keys were given). */
        ORDER_DIFFERS,
        /** Different rows or row counts. */
        DIFFERENT
    }

    /**
     * The first position where the results differ, in the callers' row indexes (0-based).
     * {@code column} is -1 when a whole row is missing on one side; then {@code expected} and
     * {@code actual} are the rows, one of them {@code null}.
     */
    public record Difference(int row, int column, Object expected, Object actual) {
    }

    /**
     * The verdict: its {@link #message()} is the human-readable account (outcome, row counts,
     * first difference) for logs and reports.
     */
    public record Verdict(Outcome outcome, int expectedRows, int actualRows, Optional<Difference> firstDifference,
            String message) {

        /** Equal, or equal up to the order of rows that tie on the ORDER BY. */
        public boolean matches() {
            return outcome == Outcome.EQUAL || outcome == Outcome.TIES_REORDERED;
        }

        /** The same rows, in whatever order. */
        public boolean sameRowsIgnoringOrder() {
            return outcome != Outcome.DIFFERENT;
        }

        @Override
        public String toString() {
            return message;
        }
    }

    /** Compares with the row order significant everywhere: any reordering is {@link Outcome#ORDER_DIFFERS}. */
    public Verdict compare(List<List<Object>> expected, List<List<Object>> actual) {
        return compare(expected, actual, null);
    }

    /**
     * Compares results of a query whose ORDER BY sorts on {@code orderKeyColumns} (0-based result
     * columns, e.g. {@link TpchQuery#orderKeyColumns()}; empty for no ORDER BY): rows with equal keys
     * may come in either order.
     */
    public Verdict compare(List<List<Object>> expected, List<List<Object>> actual, List<Integer> orderKeyColumns) {
        Objects.requireNonNull(expected, "expected rows");
        Objects.requireNonNull(actual, "actual rows");
        String counts = expected.size() + " rows expected, " + actual.size() + " actual";
        Optional<Difference> ordered = firstDifference(expected, actual);
        if (ordered.isEmpty()) {
            return new Verdict(Outcome.EQUAL, expected.size(), actual.size(), ordered,
                    "equal: " + expected.size() + " rows");
        }
        if (expected.size() != actual.size()) {
            return new Verdict(Outcome.DIFFERENT, expected.size(), actual.size(), ordered,
                    "different row counts (" + counts + "); first difference " + describe(ordered.get()));
        }
        Optional<String> unordered = multisetDifference(expected, actual);
        if (unordered.isPresent()) {
            return new Verdict(Outcome.DIFFERENT, expected.size(), actual.size(), ordered,
                    "different (" + counts + "): first difference " + describe(ordered.get())
                            + "; not equal as multisets either: " + unordered.get());
        }
        String orderText = "equal as multisets, order differs (" + counts + "): first " + describe(ordered.get());
        if (orderKeyColumns == null) {
            return new Verdict(Outcome.ORDER_DIFFERS, expected.size(), actual.size(), ordered,
                    orderText + "; no ORDER BY key columns given, so the caller decides whether order matters");
        }
        Optional<Integer> keyMismatch = firstOrderKeyMismatch(expected, actual, orderKeyColumns);
        if (keyMismatch.isPresent()) {
            int row = keyMismatch.get();
            return new Verdict(Outcome.ORDER_DIFFERS, expected.size(), actual.size(), ordered,
                    orderText + "; the ORDER BY key columns " + orderKeyColumns + " differ at row " + row
                            + ": expected " + keys(expected.get(row), orderKeyColumns)
                            + " but was " + keys(actual.get(row), orderKeyColumns));
        }
        return new Verdict(Outcome.TIES_REORDERED, expected.size(), actual.size(), ordered,
                "equal up to the order of rows tied on the ORDER BY key columns " + orderKeyColumns + " (" + counts
                        + "): equal as multisets, first reordered " + describe(ordered.get()));
    }

    /** Whether two single values are equal under this comparison's rules (see the class comment). */
    public boolean valuesEqual(Object expected, Object actual) {
        Object e = normalized(expected);
        Object a = normalized(actual);
        if (e == null || a == null) {
            return e == a;
        }
        if (e.getClass() != a.getClass()) {
            return false;
        }
        if (e instanceof Double || e instanceof Float) {
            return closeEnough(((Number) e).doubleValue(), ((Number) a).doubleValue());
        }
        if (e instanceof BigDecimal decimal) {
            return decimal.compareTo((BigDecimal) a) == 0;
        }
        if (e instanceof byte[] bytes) {
            return Arrays.equals(bytes, (byte[]) a);
        }
        return e.equals(a);
    }

    private boolean closeEnough(double e, double a) {
        if (e == a || (Double.isNaN(e) && Double.isNaN(a))) {
            return true; // also equal infinities, and -0.0 with 0.0
        }
        if (!Double.isFinite(e) || !Double.isFinite(a)) {
            return false;
        }
        double difference = Math.abs(e - a);
        return difference <= absoluteTolerance || difference <= relativeTolerance * Math.max(Math.abs(e), Math.abs(a));
    }

    /** The java.time equivalent of a java.sql date/time value, so both representations compare equal. */
    private static Object normalized(Object value) {
        if (value instanceof java.sql.Date date) {
            return date.toLocalDate();
        }
        if (value instanceof java.sql.Timestamp timestamp) {
            return timestamp.toLocalDateTime();
        }
        if (value instanceof java.sql.Time time) {
            return time.toLocalTime();
        }
        return value;
    }

    private Optional<Difference> firstDifference(List<List<Object>> expected, List<List<Object>> actual) {
        int common = Math.min(expected.size(), actual.size());
        for (int row = 0; row < common; row++) {
            Optional<Difference> difference = rowDifference(row, expected.get(row), actual.get(row));
            if (difference.isPresent()) {
                return difference;
            }
        }
        if (expected.size() != actual.size()) {
            return Optional.of(new Difference(common, -1,
                    common < expected.size() ? expected.get(common) : null,
                    common < actual.size() ? actual.get(common) : null));
        }
        return Optional.empty();
    }

    private Optional<Difference> rowDifference(int row, List<Object> expected, List<Object> actual) {
        int common = Math.min(expected.size(), actual.size());
        for (int column = 0; column < common; column++) {
            if (!valuesEqual(expected.get(column), actual.get(column))) {
                return Optional.of(new Difference(row, column, expected.get(column), actual.get(column)));
            }
        }
        if (expected.size() != actual.size()) {
            return Optional.of(new Difference(row, -1, expected, actual));
        }
        return Optional.empty();
    }

    /**
     * Sorts both results into one canonical order and compares them pairwise; the description of
     * the first mismatch, with the callers' row indexes, if they differ.
     */
    private Optional<String> multisetDifference(List<List<Object>> expected, List<List<Object>> actual) {
        Comparator<List<Object>> canonical = canonicalOrder(floatingColumns(expected, actual));
        int[] e = sortedIndexes(expected, canonical);
        int[] a = sortedIndexes(actual, canonical);
        for (int i = 0; i < e.length; i++) {
            if (rowDifference(i, expected.get(e[i]), actual.get(a[i])).isPresent()) {
                return Optional.of("in canonical order, expected row " + e[i] + " " + rowText(expected.get(e[i]))
                        + " differs from actual row " + a[i] + " " + rowText(actual.get(a[i])));
            }
        }
        return Optional.empty();
    }

    /**
     * Columns holding a Double or Float on either side. They sort last in the canonical order:
     * tolerance-equal floats could otherwise sort differently on the two sides and pair up the
     * wrong rows, while the exact columns (keys, names, dates) put rows in the same order.
     */
    private static boolean[] floatingColumns(List<List<Object>> expected, List<List<Object>> actual) {
        int width = IntStream.concat(expected.stream().mapToInt(List::size), actual.stream().mapToInt(List::size))
                .max().orElse(0);
        boolean[] floating = new boolean[width];
        for (List<List<Object>> rows : List.of(expected, actual)) {
            for (List<Object> row : rows) {
                for (int column = 0; column < row.size(); column++) {
                    floating[column] |= row.get(column) instanceof Double || row.get(column) instanceof Float;
                }
            }
        }
        return floating;
    }

    private static Comparator<List<Object>> canonicalOrder(boolean[] floating) {
        List<Integer> columns = new ArrayList<>();
        for (boolean floats : new boolean[] {false, true}) {
            for (int column = 0; column < floating.length; column++) {
                if (floating[column] == floats) {
                    columns.add(column);
                }
            }
        }
        return (left, right) -> {
            for (int column : columns) {
                int order = compareValues(column < left.size() ? left.get(column) : null,
                        column < right.size() ? right.get(column) : null);
                if (order != 0) {
                    return order;
                }
            }
            return Integer.compare(left.size(), right.size());
        };
    }

    /** A total order over any values: nulls first, then natural order within a class, else by class and text. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compareValues(Object left, Object right) {
        Object l = normalized(left);
        Object r = normalized(right);
        if (l == null || r == null) {
            return l == null ? (r == null ? 0 : -1) : 1;
        }
        if (l.getClass() != r.getClass()) {
            return l.getClass().getName().compareTo(r.getClass().getName());
        }
        if (l instanceof byte[] bytes) {
            return Arrays.compare(bytes, (byte[]) r);
        }
        if (l instanceof Comparable comparable) {
            return comparable.compareTo(r);
        }
        return String.valueOf(l).compareTo(String.valueOf(r));
    }

    private static int[] sortedIndexes(List<List<Object>> rows, Comparator<List<Object>> order) {
        return IntStream.range(0, rows.size()).boxed()
                .sorted(Comparator.comparing(rows::get, order))
                .mapToInt(Integer::intValue)
                .toArray();
    }

    private Optional<Integer> firstOrderKeyMismatch(List<List<Object>> expected, List<List<Object>> actual,
            List<Integer> orderKeyColumns) {
        for (int row = 0; row < expected.size(); row++) {
            for (int column : orderKeyColumns) {
                if (!valuesEqual(key(expected.get(row), column), key(actual.get(row), column))) {
                    return Optional.of(row);
                }
            }
        }
        return Optional.empty();
    }

    private static Object key(List<Object> row, int column) {
        if (column < 0 || column >= row.size()) {
            throw new IllegalArgumentException("ORDER BY key column " + column + " is outside the " + row.size()
                    + " result columns (0-based); pass the result columns the query's ORDER BY sorts on");
        }
        return row.get(column);
    }

    private static String keys(List<Object> row, List<Integer> columns) {
        return columns.stream().map(column -> valueText(key(row, column))).toList().toString();
    }

    private static String describe(Difference difference) {
        if (difference.column() < 0) {
            return "at row " + difference.row() + ": expected " + rowText(difference.expected())
                    + " but was " + rowText(difference.actual());
        }
        return "at row " + difference.row() + ", column " + difference.column() + ": expected "
                + valueText(difference.expected()) + " but was " + valueText(difference.actual());
    }

    private static String rowText(Object row) {
        if (row == null) {
            return "no row";
        }
        String text = ((List<?>) row).stream().map(ResultComparison::valueText).toList().toString();
        return text.length() <= MAX_ROW_TEXT ? text : text.substring(0, MAX_ROW_TEXT) + "...]";
    }

    /** A value with its Java type, so that 1 (Integer) and 1 (Long) are told apart in messages. */
    private static String valueText(Object value) {
        if (value == null) {
            return "NULL";
        }
        // Double.toString shows as many digits as tell the value apart, so close values look different
        String text = value instanceof byte[] bytes ? Arrays.toString(bytes)
                : value instanceof String string ? "'" + string + "'"
                : String.valueOf(value);
        return text + " (" + value.getClass().getSimpleName() + ")";
    }
}
