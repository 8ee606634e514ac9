package dev.lakehouse.conformance.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which known defects the gate accepts (environment.json "knownDefectPolicy"): a checkpoint that FAILs only because
 * of accepted known defects does not fail the gate. The policy belongs to whoever runs the gate against a target, not
 * to the project, which is why it comes with the environment; without one nothing is accepted.
 *
 * @param accepted defect ids, or {@code "*"} for every known defect
 * @param source   where the policy came from (e.g. "homelab release policy, 2026-12"), shown next to every acceptance
 */
public record KnownDefectPolicy(List<String> accepted, String source) {
    public static final String FIELD = "knownDefectPolicy";
    public static final String ALL = "*";

    public KnownDefectPolicy {
        accepted = accepted == null ? List.of() : List.copyOf(accepted);
    }

    public boolean accepts(String defectId) {
        return accepted.contains(ALL) || accepted.contains(defectId);
    }

    /**
     * The policy in an environment description; empty when it has none. A malformed one is an error naming
     * {@code where}, never "no policy": a typo must not quietly turn accepted defects into gate failures or back.
     */
    public static Optional<KnownDefectPolicy> from(JsonNode environment, String where) {
        JsonNode node = environment == null ? null : environment.get(FIELD);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        String field = where + ": \"" + FIELD + "\"";
        if (!node.isObject()) {
            throw new ReportInputException(field + " must be an object {\"accepted\": [\"*\"] or [\"<defect id>\", ...], \"source\": \"...\"}");
        }
        JsonNode acceptedNode = node.get("accepted");
        if (acceptedNode == null || !acceptedNode.isArray()) {
            throw new ReportInputException(field + ".accepted must be an array of known defect ids, or [\"*\"] for all");
        }
        List<String> accepted = new ArrayList<>();
        for (JsonNode id : acceptedNode) {
            if (!id.isTextual() || id.asText().isBlank()) {
                throw new ReportInputException(field + ".accepted must hold non-empty strings, got " + id);
            }
            accepted.add(id.asText().strip());
        }
        JsonNode sourceNode = node.get("source");
        if (sourceNode == null || !sourceNode.isTextual() || sourceNode.asText().isBlank()) {
            throw new ReportInputException(field + ".source must say where the policy came from (a non-empty string)");
        }
        return Optional.of(new KnownDefectPolicy(accepted, sourceNode.asText().strip()));
    }
}
