package dev.lakehouse.conformance.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class EdgeCaseDatasetTest {

    private static final String TABLE = "iceberg.s.edge";

    // string literals are blanked before counting parentheses and commas, so data cannot confuse the counts
    private static final Pattern TRINO_STRING = Pattern.compile("'(?:[^']|'')*'");
    private static final Pattern SPARK_STRING = Pattern.compile("'(?:[^'\\\\]|\\\\.)*'", Pattern.DOTALL);

    private final List<String> trino = EdgeCaseDataset.trinoStatements(TABLE);
    private final List<String> spark = EdgeCaseDataset.sparkStatements(TABLE);

    @Test
    void bothDialectsHaveOneCreateAndTheSameNumberOfStatements() {
        assertThat(trino).hasSameSizeAs(spark).hasSize(2);
        assertThat(trino.get(0)).startsWith("CREATE TABLE " + TABLE + " (").contains("format_version = 2");
        assertThat(spark.get(0)).startsWith("CREATE TABLE " + TABLE + " (").contains("'format-version' = '2'");
        assertThat(trino.subList(1, trino.size())).allMatch(s -> s.startsWith("INSERT INTO " + TABLE + " VALUES"));
        assertThat(spark.subList(1, spark.size())).allMatch(s -> s.startsWith("INSERT INTO " + TABLE + " VALUES"));
    }

    @Test
    void bothDialectsDeclareTheColumnsInTheSameOrder() {
        assertThat(declaredColumns(blank(trino.get(0), TRINO_STRING))).isEqualTo(EdgeCaseDataset.columns());
        assertThat(declaredColumns(blank(spark.get(0), SPARK_STRING))).isEqualTo(EdgeCaseDataset.columns());
    }

    @Test
    void bothDialectsInsertRowCountRowsOfEveryColumn() {
        assertThat(insertedTuples(trino, TRINO_STRING)).hasSize(EdgeCaseDataset.rowCount())
                .allMatch(values -> values == EdgeCaseDataset.columns().size());
        assertThat(insertedTuples(spark, SPARK_STRING)).hasSize(EdgeCaseDataset.rowCount())
                .allMatch(values -> values == EdgeCaseDataset.columns().size());
    }

    @Test
    void substitutesTheTableEverywhere() {
        assertThat(trino).noneMatch(s -> s.contains("${table}"));
        assertThat(spark).noneMatch(s -> s.contains("${table}"));
    }

    @Test
    void rejectsTableNamesThatWouldBreakTheScript() {
        assertThatThrownBy(() -> EdgeCaseDataset.trinoStatements("a; DROP TABLE b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("iceberg.my_schema.edge_cases");
    }

    private static String blank(String sql, Pattern strings) {
        return strings.matcher(sql).replaceAll("''");
    }

    /** First word of each top-level entry inside the CREATE TABLE parentheses. */
    private static List<String> declaredColumns(String create) {
        int open = create.indexOf('(');
        return topLevelItems(create, open).stream()
                .map(item -> item.strip().split("\\s+")[0])
                .toList();
    }

    /** For each top-level tuple after VALUES, in every INSERT: how many values it holds. */
    private static List<Integer> insertedTuples(List<String> statements, Pattern strings) {
        List<Integer> tuples = new ArrayList<>();
        for (String statement : statements.subList(1, statements.size())) {
            String sql = blank(statement, strings);
            int depth = 0;
            for (int i = sql.toUpperCase(Locale.ROOT).indexOf(" VALUES") + 7; i < sql.length(); i++) {
                char c = sql.charAt(i);
                if (c == '(' && depth == 0) {
                    tuples.add(topLevelItems(sql, i).size());
                }
                depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            }
        }
        return tuples;
    }

    /** The comma-separated items between the parenthesis at {@code open} and its match; (), <> and [] nest. */
    private static List<String> topLevelItems(String sql, int open) {
        List<String> items = new ArrayList<>();
        int depth = 0;
        int start = open + 1;
        for (int i = open; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (c == '(' || c == '<' || c == '[') {
                depth++;
            } else if (c == ')' || c == '>' || c == ']') {
                depth--;
                if (depth == 0) {
                    items.add(sql.substring(start, i));
                    return items;
                }
            } else if (c == ',' && depth == 1) {
                items.add(sql.substring(start, i));
                start = i + 1;
            }
        }
        throw new AssertionError("Unbalanced parentheses after position " + open + " in: " + sql);
    }
}
