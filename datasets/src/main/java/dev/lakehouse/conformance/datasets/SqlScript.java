package dev.lakehouse.conformance.datasets;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a SQL script into statements at each {@code ;} outside string literals, quoted
 * identifiers and {@code --} comments, dropping the comments. Good enough for the scripts this
 * module ships; not a SQL parser.
 */
final class SqlScript {

    /** How string literals escape: Trino only doubles quotes, Spark also takes backslash escapes. */
    enum Dialect {
        TRINO(false),
        SPARK(true);

        private final boolean backslashEscapes;

        Dialect(boolean backslashEscapes) {
            this.backslashEscapes = backslashEscapes;
        }
    }

    private SqlScript() {
    }

    static List<String> split(String script, Dialect dialect) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        char quote = 0; // the quote character we are inside, or 0
        for (int i = 0; i < script.length(); i++) {
            char c = script.charAt(i);
            if (quote != 0) {
                current.append(c);
                if (c == '\\' && quote == '\'' && dialect.backslashEscapes && i + 1 < script.length()) {
                    current.append(script.charAt(++i)); // the escaped character cannot close the literal
                } else if (c == quote) {
                    quote = 0; // a doubled quote re-opens at once on the next character
                }
            } else if (c == '-' && script.startsWith("--", i)) {
                int end = script.indexOf('\n', i);
                i = (end < 0 ? script.length() : end) - 1; // keep the newline itself
            } else if (c == ';') {
                add(statements, current);
            } else {
                if (c == '\'' || c == '"' || c == '`') {
                    quote = c;
                }
                current.append(c);
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("SQL script ends inside a " + quote + "-quoted text; close the quote"
                    + " (Trino doubles quotes inside literals: 'It''s'; Spark also accepts 'It\\'s')");
        }
        add(statements, current);
        return statements;
    }

    private static void add(List<String> statements, StringBuilder current) {
        String statement = current.toString().strip();
        if (!statement.isEmpty()) {
            statements.add(statement);
        }
        current.setLength(0);
    }
}
