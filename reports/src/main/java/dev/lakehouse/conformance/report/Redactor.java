package dev.lakehouse.conformance.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Safety net against printing secrets: replaces the value of anything that looks like
 * {@code secret=...}, {@code password: ...} or {@code access_key=...}.
 *
 * <p>The pattern covers {@code (?i)(secret|password|access[_-]?key)[=:]\s*\S+} and a little more:
 * a name suffix ({@code secretKey=}, {@code aws_secret_access_key=}), a closing quote of a JSON or
 * YAML key ({@code "password": "x"}) and blanks before the separator. The key is kept, the value
 * becomes {@value #MASK}. Redacting twice gives the same text.
 */
public final class Redactor {
    public static final String MASK = "[REDACTED]";

    private static final Pattern SECRET = Pattern.compile(
            "(?i)(secret|password|passwd|access[_-]?key)([a-z0-9_-]*[\"']?\\s*[=:]\\s*)\\S+");

    private Redactor() {
    }

    /** The text with every secret value masked; null stays null. */
    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        return SECRET.matcher(text).replaceAll("$1$2" + java.util.regex.Matcher.quoteReplacement(MASK));
    }

    /** A copy of the tree with every text value redacted (object keys are kept). */
    public static JsonNode redactTree(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isTextual()) {
            return TextNode.valueOf(redact(node.asText()));
        }
        if (node.isObject()) {
            ObjectNode copy = ((ObjectNode) node).objectNode();
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                copy.set(field.getKey(), redactTree(field.getValue()));
            }
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = ((ArrayNode) node).arrayNode();
            node.forEach(element -> copy.add(redactTree(element)));
            return copy;
        }
        return node;
    }
}
