package dev.lakehouse.conformance.suite.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.conformance.target.MonitoringEndpoint;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/** The HTTP APIs of a target's Prometheus ({@code /api/v1}) and Alertmanager ({@code /api/v2}). */
public final class PrometheusApi {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An active scrape target: its job, instance and health ("up", "down", "unknown"). */
    public record ScrapeTarget(String job, String instance, String health, String lastError) {
    }

    private final MonitoringEndpoint endpoint;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    public PrometheusApi(MonitoringEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    public List<ScrapeTarget> activeTargets() {
        List<ScrapeTarget> targets = new ArrayList<>();
        for (JsonNode target : prometheus("/api/v1/targets?state=active").path("data").path("activeTargets")) {
            targets.add(new ScrapeTarget(target.path("labels").path("job").asText(), target.path("labels").path("instance").asText(),
                    target.path("health").asText(), target.path("lastError").asText("")));
        }
        return targets;
    }

    /** The names of the alerting rules Prometheus has loaded. */
    public List<String> alertingRules() {
        List<String> names = new ArrayList<>();
        for (JsonNode group : prometheus("/api/v1/rules?type=alert").path("data").path("groups")) {
            group.path("rules").forEach(rule -> names.add(rule.path("name").asText()));
        }
        return names;
    }

    /** An instant query with one result: its value, or empty when the query selects nothing. */
    public OptionalDouble scalar(String promql) {
        JsonNode result = prometheus("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8))
                .path("data").path("result");
        if (result.isEmpty()) {
            return OptionalDouble.empty();
        }
        if (result.size() > 1) {
            throw new IllegalStateException("'" + promql + "' selects " + result.size() + " series, expected one: " + result);
        }
        return OptionalDouble.of(Double.parseDouble(result.get(0).path("value").get(1).asText()));
    }

    /** Alerts Alertmanager holds, as their label sets. */
    public List<Map<String, String>> alertmanagerAlerts() {
        URI alertmanager = endpoint.alertmanager()
                .orElseThrow(() -> new IllegalStateException("the target names no Alertmanager"));
        List<Map<String, String>> alerts = new ArrayList<>();
        for (JsonNode alert : get(alertmanager.resolve("/api/v2/alerts"))) {
            alerts.add(JSON.convertValue(alert.path("labels"),
                    JSON.getTypeFactory().constructMapType(Map.class, String.class, String.class)));
        }
        return alerts;
    }

    private JsonNode prometheus(String pathAndQuery) {
        JsonNode answer = get(endpoint.prometheus().resolve(pathAndQuery));
        if (!"success".equals(answer.path("status").asText())) {
            throw new IllegalStateException("Prometheus " + pathAndQuery + " answered " + answer);
        }
        return answer;
    }

    private JsonNode get(URI uri) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + uri + " answered HTTP " + response.statusCode() + ": " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("GET " + uri + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during GET " + uri, e);
        }
    }
}
