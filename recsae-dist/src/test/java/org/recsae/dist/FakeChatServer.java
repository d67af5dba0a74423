package org.recsae.dist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A real HTTP server on localhost that speaks OpenAI's chat completions, for testing the {@code openai} backend:
 * it records every request, tracks how many are in flight, can fail the first requests with a status, be slow,
 * and answers explain and predict prompts through a function the test chooses.
 */
final class FakeChatServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request as received. */
    record Request(String method, String path, String authorization, JsonNode body) {
        String lastUser() {
            JsonNode m = body.path("messages");
            return m.get(m.size() - 1).path("content").asText();
        }

        boolean isPrediction() {
            return body.path("messages").path(0).path("content").asText().startsWith("You predict");
        }
    }

    private final HttpServer server;
    final List<Request> requests = new CopyOnWriteArrayList<>();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();
    final AtomicInteger failuresLeft = new AtomicInteger();
    volatile int failureStatus = 503;
    volatile long delayMs = 20;
    volatile Function<Request, String> replies = r -> r.isPrediction() ? "7" : "films about something";

    FakeChatServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** The next {@code n} requests get {@code status} (then a 1-second Retry-After is not sent: backoff applies). */
    void failNext(int n, int status) {
        failureStatus = status;
        failuresLeft.set(n);
    }

    private void handle(HttpExchange ex) throws IOException {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        try {
            byte[] in = ex.getRequestBody().readAllBytes();
            Request r = new Request(ex.getRequestMethod(), ex.getRequestURI().getPath(),
                    ex.getRequestHeaders().getFirst("Authorization"), JSON.readTree(in));
            requests.add(r);
            Thread.sleep(delayMs);
            if (failuresLeft.getAndDecrement() > 0) {
                send(ex, failureStatus, "{\"error\": {\"message\": \"try later\"}}");
                return;
            }
            String reply = JSON.writeValueAsString(JSON.createObjectNode().set("choices", JSON.createArrayNode()
                    .add(JSON.createObjectNode().set("message", JSON.createObjectNode().put("role", "assistant")
                            .put("content", replies.apply(r))))));
            send(ex, 200, reply);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client gave up (a timeout test): nothing to answer
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] out = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, out.length);
        ex.getResponseBody().write(out);
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
