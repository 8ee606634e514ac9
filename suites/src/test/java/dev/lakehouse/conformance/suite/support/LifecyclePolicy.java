package dev.lakehouse.conformance.suite.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.services.s3.model.AbortIncompleteMultipartUpload;
import software.amazon.awssdk.services.s3.model.LifecycleExpiration;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.LifecycleRuleFilter;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * A bucket lifecycle configuration in the AWS CLI's JSON form (what {@code k8s-fixtures/s3/warehouse-lifecycle.json}
 * holds), as SDK rules, and rules in one canonical form so that a configuration read back from the store compares
 * with the one put (RGW answers an empty {@code Filter.Prefix} in the legacy top-level {@code Prefix} form).
 */
public final class LifecyclePolicy {
    private LifecyclePolicy() {
    }

    /** The rules of a JSON file of the form {@code {"Rules": [{"ID", "Status", "Filter", "Expiration", ...}]}}. */
    public static List<LifecycleRule> read(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the lifecycle configuration " + file, e);
        }
        if (!root.path("Rules").isArray() || root.path("Rules").isEmpty()) {
            throw new IllegalArgumentException(file + " has no \"Rules\" list");
        }
        List<LifecycleRule> rules = new ArrayList<>();
        for (JsonNode rule : root.path("Rules")) {
            LifecycleRule.Builder builder = LifecycleRule.builder().id(rule.path("ID").asText()).status(rule.path("Status").asText());
            JsonNode filter = rule.path("Filter");
            LifecycleRuleFilter.Builder f = LifecycleRuleFilter.builder();
            if (filter.has("Prefix")) {
                f.prefix(filter.path("Prefix").asText());
            }
            if (filter.has("Tag")) {
                f.tag(Tag.builder().key(filter.path("Tag").path("Key").asText()).value(filter.path("Tag").path("Value").asText()).build());
            }
            builder.filter(f.build());
            if (rule.has("Expiration")) {
                builder.expiration(LifecycleExpiration.builder().days(rule.path("Expiration").path("Days").asInt()).build());
            }
            if (rule.has("AbortIncompleteMultipartUpload")) {
                builder.abortIncompleteMultipartUpload(AbortIncompleteMultipartUpload.builder()
                        .daysAfterInitiation(rule.path("AbortIncompleteMultipartUpload").path("DaysAfterInitiation").asInt()).build());
            }
            rules.add(builder.build());
        }
        return rules;
    }

    /** One line per rule, whatever form the store answered in: id, status, filter, actions. */
    public static List<String> canonical(List<LifecycleRule> rules) {
        return rules.stream().map(LifecyclePolicy::canonical).sorted().toList();
    }

    @SuppressWarnings("deprecation") // the legacy top-level Prefix is how RGW answers an empty Filter.Prefix
    private static String canonical(LifecycleRule rule) {
        LifecycleRuleFilter filter = rule.filter();
        String prefix = filter != null && filter.prefix() != null ? filter.prefix() : Objects.toString(rule.prefix(), "");
        String tag = filter != null && filter.tag() != null ? filter.tag().key() + "=" + filter.tag().value() : "";
        return "id=" + rule.id() + " status=" + rule.statusAsString() + " prefix=" + prefix + " tag=" + tag
                + " expire-days=" + (rule.expiration() == null ? "" : rule.expiration().days())
                + " abort-mpu-days=" + (rule.abortIncompleteMultipartUpload() == null ? ""
                        : rule.abortIncompleteMultipartUpload().daysAfterInitiation());
    }
}
