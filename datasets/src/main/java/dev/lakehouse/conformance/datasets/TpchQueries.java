package dev.lakehouse.conformance.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The 22 TPC-H queries, read once from the resources {@code tpch/queries/q01.sql} ...
 * {@code q22.sql} next to this class (the README says how they are written).
 *
 * <p>Each file starts with {@code -- TPC-H Q<n>: <title>} and holds an
 * {@code -- Order keys: <0-based result columns> (...)} line ({@code none} without ORDER BY);
 * a file that is missing or breaks these rules fails the first call with the file named.
 */
public final class TpchQueries {

    /** How many queries TPC-H defines. */
    public static final int COUNT = 22;

    private static final Pattern TITLE = Pattern.compile("-- TPC-H Q(\\d+): (\\S.*)");
    private static final Pattern ORDER_KEYS =
            Pattern.compile("(?m)^-- Order keys: (none|\\d+(?:, \\d+)*)(?:\\s|$)");

    private static final String DIRECTORY = "tpch/queries/";

    /** Read on first use, not in a static initializer, so that a broken file fails every call with its name. */
    private static volatile List<TpchQuery> loaded;

    private TpchQueries() {
    }

    /** All 22 queries, Q1 first. */
    public static List<TpchQuery> all() {
        List<TpchQuery> queries = loaded;
        if (queries == null) {
            queries = load(DIRECTORY); // two threads may both read the files; both get the same queries
            loaded = queries;
        }
        return queries;
    }

    /** Query {@code number} (1 to 22). */
    public static TpchQuery get(int number) {
        if (number < 1 || number > COUNT) {
            throw new IllegalArgumentException("There is no TPC-H query " + number + "; the queries are 1 to " + COUNT);
        }
        return all().get(number - 1);
    }

    /** Parses one query file; {@code resource} only names it in messages. */
    static TpchQuery parse(int number, String resource, String text) {
        String sql = text.strip();
        String firstLine = sql.lines().findFirst().orElse("");
        Matcher title = TITLE.matcher(firstLine);
        if (!title.matches() || Integer.parseInt(title.group(1)) != number) {
            throw new IllegalStateException("TPC-H query resource " + resource + " must start with the line '-- TPC-H Q"
                    + number + ": <title>' but starts with '" + firstLine + "'");
        }
        if (sql.endsWith(";")) {
            throw new IllegalStateException("TPC-H query resource " + resource
                    + " ends with ';'; JDBC takes one statement without it, remove it");
        }
        Matcher keys = ORDER_KEYS.matcher(sql);
        if (!keys.find()) {
            throw new IllegalStateException("TPC-H query resource " + resource + " has no '-- Order keys: ...' line;"
                    + " add one listing the 0-based result columns of its ORDER BY (or 'none')");
        }
        List<Integer> orderKeys = keys.group(1).equals("none") ? List.of()
                : Arrays.stream(keys.group(1).split(", ")).map(Integer::valueOf).toList();
        return new TpchQuery(number, TpchQuery.idOf(number), title.group(2).strip(), orderKeys, sql);
    }

    private static String read(String resource) {
        try (InputStream in = TpchQueries.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("TPC-H query resource " + resource + " is missing next to "
                        + TpchQueries.class.getName() + "; rebuild the lakehouse-datasets jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read TPC-H query resource " + resource + " of lakehouse-datasets", e);
        }
    }

    /** Reads q01.sql to q22.sql from {@code directory}, a resource path relative to this class. */
    static List<TpchQuery> load(String directory) {
        List<TpchQuery> queries = new ArrayList<>();
        for (int number = 1; number <= COUNT; number++) {
            String resource = directory + TpchQuery.idOf(number) + ".sql";
            queries.add(parse(number, resource, read(resource)));
        }
        return List.copyOf(queries);
    }
}
