package dev.lakehouse.conformance.suite.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The HTTP APIs of a target's Prometheus ({@code /api/v1}) and Alertmanager ({@code /api/v2}). */
public final class PrometheusApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+)(ms|s|m|h|d|w|y)");

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

    /**
     * The longest Prometheus and Alertmanager take, by their own configuration, from a metric changing to a webhook
     * notification: one scrape (the slowest job's), one rule evaluation, the longest {@code for} of the loaded alert
     * rules, Alertmanager's {@code group_wait} and {@code group_interval} (a resolution goes out with a group's next flush).
     */
    public Duration notificationDelay() {
        JsonNode prometheus = yaml(prometheus("/api/v1/status/config").path("data").path("yaml").asText());
        Duration scrape = duration(prometheus.path("global").path("scrape_interval").asText("1m"));
        for (JsonNode job : prometheus.path("scrape_configs")) {
            if (job.has("scrape_interval")) {
                scrape = max(scrape, duration(job.path("scrape_interval").asText()));
            }
        }
        Duration evaluation = duration(prometheus.path("global").path("evaluation_interval").asText("1m"));
        Duration longestFor = Duration.ZERO;
        for (JsonNode group : prometheus("/api/v1/rules?type=alert").path("data").path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                longestFor = max(longestFor, Duration.ofMillis(Math.round(rule.path("duration").asDouble() * 1000)));
            }
        }
        URI alertmanager = endpoint.alertmanager()
                .orElseThrow(() -> new IllegalStateException("the target names no Alertmanager"));
        JsonNode route = yaml(get(alertmanager.resolve("/api/v2/status")).path("config").path("original").asText()).path("route");
        return scrape.plus(evaluation).plus(longestFor).plus(duration(route.path("group_wait").asText("30s")))
                .plus(duration(route.path("group_interval").asText("5m")));
    }

    /** A Prometheus duration: "500ms", "15s", "1m30s", "1h", "1d", "1w". */
    static Duration duration(String text) {
        Matcher part = DURATION_PART.matcher(text.trim());
        Duration total = Duration.ZERO;
        int end = 0;
        while (part.lookingAt()) {
            long amount = Long.parseLong(part.group(1));
            total = total.plus(switch (part.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                case "d" -> Duration.ofDays(amount);
                case "w" -> Duration.ofDays(7 * amount);
                default -> Duration.ofDays(365 * amount);
            });
            end = part.end();
            part.region(end, text.trim().length());
        }
        if (end == 0 || end != text.trim().length()) {
            throw new IllegalStateException("not a Prometheus duration: '" + text + "'");
        }
        return total;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static JsonNode yaml(String text) {
        try {
            return YAML.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException("unreadable configuration YAML: " + e.getMessage(), e);
        }
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
