package dev.lakehouse.conformance.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TpchQueriesTest {

    @Test
    void allHoldsTheTwentyTwoQueriesInOrder() {
        assertThat(TpchQueries.all()).as("queries").hasSize(22);
        assertThat(TpchQueries.all()).as("numbers in order")
                .extracting(TpchQuery::number).containsExactlyElementsOf(IntStream.rangeClosed(1, 22).boxed().toList());
        assertThat(TpchQueries.all()).as("ids").extracting(TpchQuery::id).startsWith("q01", "q02").endsWith("q22");
    }

    @Test
    void getReturnsTheQueryWithItsTitleFromTheFirstComment() {
        TpchQuery q9 = TpchQueries.get(9);
        assertThat(q9.id()).as("id").isEqualTo("q09");
        assertThat(q9.title()).as("title").isEqualTo("product type profit measure (6-way join)");
        assertThat(q9).as("toString").hasToString("TPC-H Q9: product type profit measure (6-way join)");
    }

    @Test
    void getOutsideOneToTwentyTwoIsRejectedWithTheRange() {
        assertThatThrownBy(() -> TpchQueries.get(23)).as("query 23")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 to 22");
    }

    @Test
    void everyQueryIsOneStatementOnUnqualifiedTables() {
        assertThat(TpchQueries.all()).as("every query").allSatisfy(query -> {
            assertThat(query.sql()).as(query.id() + " trailing semicolon").doesNotEndWith(";");
            assertThat(query.sql()).as(query.id() + " qualified names").doesNotContain("tpch.", "iceberg.");
            assertThat(query.sql().lines().filter(line -> !line.startsWith("--")).findFirst().orElse(""))
                    .as(query.id() + " first statement line").matches("(SELECT|WITH)\\b.*");
        });
    }

    @Test
    void orderKeysComeFromTheOrderKeysLine() {
        assertThat(TpchQueries.get(3).orderKeyColumns()).as("q03: revenue, orderdate").containsExactly(1, 2);
        assertThat(TpchQueries.get(16).orderKeyColumns()).as("q16").containsExactly(3, 0, 1, 2);
        assertThat(TpchQueries.get(6).orderKeyColumns()).as("q06 has no ORDER BY").isEmpty();
    }

    @Test
    void queriesUseTheSpecsValidationParameters() {
        assertThat(TpchQueries.get(1).sql()).as("q01 DELTA").contains("DATE '1998-12-01' - INTERVAL '90' DAY");
        assertThat(TpchQueries.get(2).sql()).as("q02 SIZE, TYPE, REGION")
                .contains("p.size = 15", "LIKE '%BRASS'", "'EUROPE'");
        assertThat(TpchQueries.get(22).sql()).as("q22 country codes")
                .contains("('13', '31', '23', '29', '30', '18', '17')");
    }

    @Test
    void missingResourceIsNamed() {
        assertThatThrownBy(() -> TpchQueries.load("tpch/no-such-directory/")).as("load from a missing directory")
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("tpch/no-such-directory/q01.sql is missing");
    }

    @Test
    void firstLineMustNameTheQueryNumber() {
        assertThatThrownBy(() -> TpchQueries.parse(4, "q04.sql", "-- TPC-H Q5: wrong\n-- Order keys: 0\nSELECT 1"))
                .as("title line of another query").isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("q04.sql").hasMessageContaining("-- TPC-H Q4: <title>");
    }

    @Test
    void trailingSemicolonIsRejected() {
        assertThatThrownBy(() -> TpchQueries.parse(1, "q01.sql", "-- TPC-H Q1: t\n-- Order keys: none\nSELECT 1;\n"))
                .as("statement ending with ;").isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ends with ';'");
    }

    @Test
    void missingOrderKeysLineIsRejected() {
        assertThatThrownBy(() -> TpchQueries.parse(1, "q01.sql", "-- TPC-H Q1: t\nSELECT 1"))
                .as("no Order keys line").isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("-- Order keys:");
    }
}
