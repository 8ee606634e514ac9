package dev.lakehouse.conformance.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class RedactorTest {

    @Test
    void passwordAfterEqualsIsMasked() {
        assertThat(Redactor.redact("login failed with password=hunter2 for admin"))
                .as("redacted message").isEqualTo("login failed with password=[REDACTED] for admin");
    }

    @Test
    void secretAfterColonAndBlanksIsMasked() {
        assertThat(Redactor.redact("SECRET:   s3cr3t-value")).as("redacted message").isEqualTo("SECRET:   [REDACTED]");
    }

    @Test
    void accessKeySpellingsAreMasked() {
        assertThat(Redactor.redact("access_key=AKIA1 access-key=AKIA2 accesskey:AKIA3"))
                .as("redacted message")
                .doesNotContain("AKIA1", "AKIA2", "AKIA3");
    }

    @Test
    void suffixedAndQuotedKeysAreMasked() {
        assertThat(Redactor.redact("aws_secret_access_key=abc secretKey: def {\"password\": \"ghi\"}"))
                .as("redacted message")
                .doesNotContain("abc", "def", "ghi")
                .contains("aws_secret_access_key=[REDACTED]");
    }

    @Test
    void textWithoutSecretsIsUnchanged() {
        String text = "expected 5 rows but got 4; the password field is optional";
        assertThat(Redactor.redact(text)).as("text without a key=value secret").isEqualTo(text);
    }

    @Test
    void redactingTwiceGivesTheSameText() {
        String once = Redactor.redact("password=hunter2");
        assertThat(Redactor.redact(once)).as("redacted twice").isEqualTo(once);
    }

    @Test
    void nullStaysNull() {
        assertThat(Redactor.redact(null)).as("redacted null").isNull();
    }

    @Test
    void treeRedactionMasksNestedTextValues() throws Exception {
        JsonNode tree = new ObjectMapper().readTree("{\"a\":{\"b\":[\"secret=xyz\", 1]},\"c\":\"plain\"}");

        JsonNode redacted = Redactor.redactTree(tree);

        assertThat(redacted.toString()).as("redacted tree").doesNotContain("xyz").contains("plain").contains("1");
        assertThat(tree.toString()).as("original tree is left alone").contains("xyz");
    }
}
