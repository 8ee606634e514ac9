package dev.lakehouse.conformance.report;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Headless Chromium driven over the DevTools protocol (CDP) with {@code java.net.http}'s WebSocket, to
 * open pages in a real browser from tests. {@link #start} launches it with a throw-away profile and
 * connects; {@link #open} loads a file in a new tab and returns the {@link Page}, which collects the
 * tab's console errors, uncaught exceptions and error log entries and evaluates JavaScript;
 * {@link #close} kills Chromium with all its child processes and deletes the profile (also when
 * {@code start} fails half-way).
 */
final class HeadlessChromium implements AutoCloseable {
    static final String BINARY_PROPERTY = "lakehouse.chromium";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A temporary directory for the profile and Chromium's output, deleted by {@link #close}. */
    private final Path home;
    private final Path log;
    private final AtomicInteger lastId = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> answers = new ConcurrentHashMap<>();
    /** CDP events by the session (tab) they came from. */
    private final Map<String, List<JsonNode>> eventsBySession = new ConcurrentHashMap<>();
    private Process process;
    private WebSocket socket;

    private HeadlessChromium(Path home) {
        this.home = home;
        this.log = home.resolve("chromium.log");
    }

    /** The Chromium binary: {@code -Dlakehouse.chromium=PATH}, else Debian's {@code /usr/bin/chromium}. */
    static Path binary() {
        return Path.of(System.getProperty(BINARY_PROPERTY, "/usr/bin/chromium"));
    }

    static HeadlessChromium start(Path binary) throws IOException {
        HeadlessChromium chromium = new HeadlessChromium(Files.createTempDirectory("headless-chromium"));
        try {
            chromium.launch(binary);
            return chromium;
        } catch (IOException | RuntimeException | Error e) {
            try {
                chromium.close();
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    private void launch(Path binary) throws IOException {
        Path profile = home.resolve("profile");
        ProcessBuilder builder = new ProcessBuilder(binary.toString(), "--headless=new", "--no-sandbox", "--disable-gpu",
                "--remote-debugging-port=0", "--user-data-dir=" + profile, "about:blank")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // Chromium's singleton socket dir (org.chromium.Chromium.*) goes to TMPDIR and outlives the browser: keep it in home
        builder.environment().put("TMPDIR", Files.createDirectories(home.resolve("tmp")).toString());
        process = builder.start();
        // Chromium picks a free port and writes it, with the browser's WebSocket path, into the profile
        Path portFile = profile.resolve("DevToolsActivePort");
        List<String> port;
        try {
            port = await("Chromium to write " + portFile).atMost(TIMEOUT).pollInterval(Duration.ofMillis(50))
                    .until(() -> devToolsActivePort(portFile), lines -> lines.size() >= 2);
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException(e.getMessage() + "; Chromium's output:\n" + output(), e);
        }
        URI browser = URI.create("ws://127.0.0.1:" + port.get(0).strip() + port.get(1).strip());
        socket = within(HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(TIMEOUT)
                .buildAsync(browser, new Listener()), "the DevTools WebSocket " + browser);
    }

    private List<String> devToolsActivePort(Path file) throws IOException {
        if (!process.isAlive()) {
            throw new IllegalStateException("Chromium exited with status " + process.exitValue() + " before it was ready; its output:\n" + output());
        }
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }

    /** Opens the file in a new tab and waits until it has loaded. */
    Page open(Path file) {
        String target = command(null, "Target.createTarget", params().put("url", "about:blank")).path("targetId").asText();
        String session = command(null, "Target.attachToTarget", params().put("targetId", target).put("flatten", true))
                .path("sessionId").asText();
        Page page = new Page(session);
        for (String domain : List.of("Runtime", "Log", "Page")) {
            command(session, domain + ".enable", params());
        }
        JsonNode navigation = command(session, "Page.navigate", params().put("url", file.toUri().toString()));
        if (navigation.hasNonNull("errorText")) {
            throw new IllegalStateException("Chromium could not open " + file + ": " + navigation.get("errorText").asText());
        }
        await("Page.loadEventFired of " + file).atMost(TIMEOUT).until(() -> !page.events("Page.loadEventFired").isEmpty());
        return page;
    }

    /** Kills Chromium and its child processes (renderers, GPU and utility processes) and deletes the profile. */
    @Override
    public void close() {
        try {
            if (socket != null) {
                socket.abort();
            }
            if (process != null) {
                // list the children before the browser dies: orphans are re-parented and out of reach
                List<ProcessHandle> tree = Stream.concat(process.descendants(), Stream.of(process.toHandle())).toList();
                tree.forEach(ProcessHandle::destroy);
                tree.forEach(HeadlessChromium::awaitExit);
            }
        } finally {
            deleteRecursively(home);
        }
    }

    private static void awaitExit(ProcessHandle process) {
        try {
            process.onExit().get(10, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            process.destroyForcibly();
            within(process.onExit(), "process " + process.pid() + " of Chromium to exit after SIGKILL");
        } catch (ExecutionException e) {
            throw new IllegalStateException("waiting for process " + process.pid() + " of Chromium to exit failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for process " + process.pid() + " of Chromium to exit", e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete Chromium's temporary profile " + dir, e);
        }
    }

    /** The last lines Chromium printed, for error messages. */
    private String output() {
        try {
            List<String> lines = Files.readAllLines(log);
            return lines.isEmpty() ? "(none)" : String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    // ------------------------------------------------------------------ the protocol

    /** A tab: what it reported, and JavaScript evaluated in it. */
    final class Page {
        private final String session;

        private Page(String session) {
            this.session = session;
        }

        /** The expression's value (returned by value, so objects and arrays come back as JSON). */
        JsonNode evaluate(String expression) {
            JsonNode result = command(session, "Runtime.evaluate", params().put("expression", expression).put("returnByValue", true));
            if (result.has("exceptionDetails")) {
                throw new IllegalStateException("evaluating " + expression + " threw " + result.get("exceptionDetails"));
            }
            return result.path("result").path("value");
        }

        /** Console errors, uncaught exceptions and error log entries (e.g. a failed load) so far, one line each. */
        List<String> errors() {
            List<String> errors = new ArrayList<>();
            for (JsonNode call : events("Runtime.consoleAPICalled")) {
                if (call.path("type").asText().equals("error")) {
                    List<String> args = new ArrayList<>();
                    call.path("args").forEach(a -> args.add(a.has("value") ? a.get("value").asText() : a.path("description").asText()));
                    errors.add("console.error: " + String.join(" ", args));
                }
            }
            for (JsonNode thrown : events("Runtime.exceptionThrown")) {
                JsonNode details = thrown.path("exceptionDetails");
                errors.add("uncaught exception: " + details.path("exception").path("description").asText(details.path("text").asText())
                        + " at " + details.path("url").asText() + ":" + details.path("lineNumber").asInt());
            }
            for (JsonNode added : events("Log.entryAdded")) {
                JsonNode entry = added.path("entry");
                if (entry.path("level").asText().equals("error")) {
                    errors.add("log error (" + entry.path("source").asText() + "): " + entry.path("text").asText() + " " + entry.path("url").asText());
                }
            }
            return errors;
        }

        private List<JsonNode> events(String method) {
            return eventsBySession.getOrDefault(session, List.of()).stream().filter(e -> e.path("method").asText().equals(method)).map(e -> e.path("params")).toList();
        }
    }

    /** Sends a command (to the browser when session is null, else to that tab) and returns its result. */
    private JsonNode command(String session, String method, ObjectNode params) {
        int id = lastId.incrementAndGet();
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        message.set("params", params);
        if (session != null) {
            message.put("sessionId", session);
        }
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        answers.put(id, answer);
        within(socket.sendText(message.toString(), true), "sending " + method + " to Chromium");
        JsonNode response = within(answer, "Chromium's answer to " + method);
        if (response.has("error")) {
            throw new IllegalStateException(method + " failed: " + response.get("error"));
        }
        return response.path("result");
    }

    private static ObjectNode params() {
        return JSON.createObjectNode();
    }

    private static <T> T within(CompletionStage<T> stage, String what) {
        try {
            return stage.toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("no " + what + " within " + TIMEOUT.toSeconds() + " s", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(what + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for " + what, e);
        }
    }

    /** Hands answers to the waiting commands and keeps events; a broken connection fails every waiting command. */
    private final class Listener implements WebSocket.Listener {
        private final StringBuilder message = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            message.append(data);
            if (last) {
                receive(message.toString());
                message.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            failAll(error);
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            failAll(new IllegalStateException("Chromium closed the DevTools connection: " + statusCode + " " + reason));
            return null;
        }

        private void receive(String text) {
            JsonNode node;
            try {
                node = JSON.readTree(text);
            } catch (JsonProcessingException e) {
                failAll(new IllegalStateException("Chromium sent a message that is not JSON: " + text, e));
                return;
            }
            // answers carry the id of their command; events of a tab its session; the browser's own events are not needed
            if (node.has("id")) {
                answers.remove(node.get("id").asInt()).complete(node);
            } else if (node.has("sessionId")) {
                eventsBySession.computeIfAbsent(node.get("sessionId").asText(), s -> new CopyOnWriteArrayList<>()).add(node);
            }
        }

        private void failAll(Throwable cause) {
            answers.values().forEach(answer -> answer.completeExceptionally(cause));
        }
    }
}
