package dev.lakehouse.conformance.datasets;

import java.util.List;
import java.util.Objects;

/**
 * One of the 22 TPC-H queries, in Trino SQL with the {@code tpch} connector's column names and
 * unqualified table names: run {@code USE catalog.schema} first, so the same text runs on
 * {@code tpch.tiny} and on an Iceberg copy. Load them with {@link TpchQueries}.
 *
 * @param number          1 to 22
 * @param id              {@code q01} to {@code q22}, the resource's file name without {@code .sql}
 * @param title           what the query's first comment line says after {@code TPC-H Qn:}
 * @param orderKeyColumns the result columns (0-based) the query's ORDER BY sorts on, in ORDER BY
 *                        order; empty when the query has no ORDER BY (one-row results). Pass them
 *                        to {@link ResultComparison#compare(List, List, List)} so that rows with
 *                        equal keys may come in either order.
 * @param sql             the whole resource text, comments included, without a trailing {@code ;}
 */
public record TpchQuery(int number, String id, String title, List<Integer> orderKeyColumns, String sql) {

    public TpchQuery {
        if (number < 1 || number > TpchQueries.COUNT) {
            throw new IllegalArgumentException("TPC-H query number " + number + " is not between 1 and "
                    + TpchQueries.COUNT);
        }
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        orderKeyColumns = List.copyOf(orderKeyColumns);
        Objects.requireNonNull(sql, "sql");
    }

    /** The id for a query number: {@code q01} to {@code q22}, as the files and reports name them. */
    public static String idOf(int number) {
        return String.format("q%02d", number);
    }

    /** {@code TPC-H Q9: product type profit measure (6-way join)}, for logs and reports. */
    @Override
    public String toString() {
        return "TPC-H Q" + number + ": " + title;
    }
}
