package dev.lakehouse.conformance.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SqlScriptTest {

    @Test
    void splitsAtSemicolonsOutsideLiteralsAndDropsComments() {
        String script = "-- header; not a statement\nSELECT 'a;b -- c', \"x;y\" -- trailing; comment\n;\n\n"
                + "SELECT 'It''s;' ;  ";
        assertThat(SqlScript.split(script, SqlScript.Dialect.TRINO))
                .containsExactly("SELECT 'a;b -- c', \"x;y\"", "SELECT 'It''s;'");
    }

    @Test
    void sparkBackslashEscapedQuoteDoesNotCloseTheLiteral() {
        assertThat(SqlScript.split("SELECT 'It\\'s; fine'; SELECT 2", SqlScript.Dialect.SPARK))
                .containsExactly("SELECT 'It\\'s; fine'", "SELECT 2");
    }

    @Test
    void unclosedQuoteIsReported() {
        assertThatThrownBy(() -> SqlScript.split("SELECT 'oops", SqlScript.Dialect.TRINO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("close the quote");
    }
}
