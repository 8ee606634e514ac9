package dev.lakehouse.conformance.suite.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The suite's own Alertmanager webhook receiver: a real HTTP endpoint on the address the target's
 * Alertmanager delivers to. Every alert of every notification is kept with the time it arrived.
 */
public final class AlertWebhook implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One alert of a notification: its status ("firing" or "resolved"), labels and when we received it. */
    public record ReceivedAlert(String status, Map<String, String> labels, Instant startsAt, Instant receivedAt) {
        public String name() {
            return labels.getOrDefault("alertname", "");
        }
    }

    private final HttpServer server;
    private final URI url;
    private final List<ReceivedAlert> received = new CopyOnWriteArrayList<>();

    private AlertWebhook(HttpServer server, URI url) {
        this.server = server;
        this.url = url;
    }

    /** Serves {@code url} (host, port and path as Alertmanager was configured with). */
    public static AlertWebhook serve(URI url) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(url.getHost(), url.getPort()), 16);
            AlertWebhook webhook = new AlertWebhook(server, url);
            server.createContext(url.getPath().isEmpty() ? "/" : url.getPath(), webhook::receive);
            server.start();
            return webhook;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve the alert webhook on " + url
                    + " (is another run holding the port?)", e);
        }
    }

    /** Waits for the first alert matching {@code wanted}; the failure names every alert that did arrive. */
    public ReceivedAlert await(String what, Predicate<ReceivedAlert> wanted, Duration timeout) {
        try {
            Awaitility.await(what + " at the webhook " + url).atMost(timeout).pollInterval(Duration.ofMillis(200))
                    .until(() -> first(wanted).isPresent());
            return first(wanted).orElseThrow();
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("no alert arrived at " + url + " within " + timeout.toSeconds() + " s for: " + what
                    + "; received: " + received, e);
        }
    }

    public Optional<ReceivedAlert> first(Predicate<ReceivedAlert> wanted) {
        return received.stream().filter(wanted).findFirst();
    }

    private void receive(HttpExchange exchange) throws IOException {
        Instant now = Instant.now();
        try (InputStream body = exchange.getRequestBody()) {
            JsonNode notification = JSON.readTree(body);
            List<ReceivedAlert> alerts = new ArrayList<>();
            for (JsonNode alert : notification.path("alerts")) {
                Map<String, String> labels = JSON.convertValue(alert.path("labels"), JSON.getTypeFactory()
                        .constructMapType(Map.class, String.class, String.class));
                alerts.add(new ReceivedAlert(alert.path("status").asText(), labels,
                        OffsetDateTime.parse(alert.path("startsAt").asText(now.toString())).toInstant(), now));
            }
            received.addAll(alerts);
            exchange.sendResponseHeaders(200, -1);
        } catch (IOException | RuntimeException e) {
            exchange.sendResponseHeaders(400, -1); // Alertmanager logs it and retries
        } finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
