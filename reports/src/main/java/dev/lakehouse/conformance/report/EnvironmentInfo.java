package dev.lakehouse.conformance.report;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What environment.json says about the lakehouse under test. {@link #raw} is the whole file as read
 * (redacted), which is what gate.json repeats.
 *
 * @param target       "ephemeral" or "homelab"
 * @param backend      how the ephemeral target was run, e.g. "processes"
 * @param readySeconds time until every component was ready, null if not recorded
 * @param logs         component name to absolute log file path
 */
public record EnvironmentInfo(
        String target,
        String backend,
        String runId,
        String startedAt,
        Double readySeconds,
        List<Component> components,
        Map<String, String> logs,
        @JsonIgnore JsonNode raw) {

    /** One component of the environment. */
    public record Component(String name, String version, Double startSeconds, String endpoint) {
    }

    public EnvironmentInfo {
        components = components == null ? List.of() : List.copyOf(components);
        logs = logs == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(logs));
    }

    /** The capabilities the target said it has (environment.json "capabilities"); empty when it did not say. */
    @JsonIgnore
    public java.util.Optional<java.util.Set<String>> capabilities() {
        if (raw == null || !raw.path("capabilities").isArray()) {
            return java.util.Optional.empty();
        }
        java.util.Set<String> capabilities = new java.util.LinkedHashSet<>();
        raw.path("capabilities").forEach(c -> capabilities.add(c.asText()));
        return java.util.Optional.of(capabilities);
    }

    /** The gate's policy on known defects (environment.json "knownDefectPolicy"); empty when it sets none (nothing is accepted). */
    @JsonIgnore
    public java.util.Optional<KnownDefectPolicy> knownDefectPolicy() {
        return KnownDefectPolicy.from(raw, "environment.json");
    }

    /** The version environment.json gives for a component (names compared ignoring case); empty when unknown. */
    @JsonIgnore
    public java.util.Optional<String> versionOf(String component) {
        return components.stream().filter(c -> c.name() != null && c.name().equalsIgnoreCase(component))
                .map(Component::version).filter(v -> v != null && !v.isBlank()).findFirst();
    }

    /** gate.json repeats environment.json as it was read. */
    @JsonValue
    public JsonNode json() {
        return raw;
    }
}
