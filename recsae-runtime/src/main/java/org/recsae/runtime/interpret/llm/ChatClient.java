package org.recsae.runtime.interpret.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import org.recsae.runtime.store.Json;
import org.recsae.spi.interpret.LatentNotInterpretable;

/**
 * A client for any OpenAI-compatible chat-completions endpoint (OpenAI, Ollama, vLLM, llama.cpp server): temperature
 * 0, at most {@code concurrency} requests in flight, a timeout per request, and retries with exponential backoff on
 * 429, 5xx and connection errors (honouring {@code Retry-After}). The API key goes into the Authorization header
 * and nowhere else; error messages are scrubbed of it.
 */
public final class ChatClient {
    /** What one client is configured with; {@code key} may be empty for servers that need none. */
    public record Settings(URI baseUrl, String model, Optional<String> key, int concurrency, Duration timeout,
                           int retries, Duration backoff) {
    }

    private final Settings settings;
    private final HttpClient http;
    private final Semaphore inFlight;

    public ChatClient(Settings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
        this.inFlight = new Semaphore(settings.concurrency(), true);
    }

    public Settings settings() {
        return settings;
    }

    /** The body recsae sends: also what a cached reply is keyed by (with the URL). */
    ObjectNode body(List<ChatMessage> messages, int maxTokens) {
        ObjectNode body = Json.object();
        body.put("model", settings.model());
        ArrayNode list = body.putArray("messages");
        for (ChatMessage m : messages) {
            list.addObject().put("role", m.role()).put("content", m.content());
        }
        body.put("temperature", 0);
        body.put("max_tokens", maxTokens);
        return body;
    }

    /** The reply's text; a request that keeps failing is a transient {@link LatentNotInterpretable}. */
    public String complete(ObjectNode body) {
        URI uri = URI.create(settings.baseUrl().toString().replaceAll("/+$", "") + "/chat/completions");
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(settings.timeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.line(body)));
        settings.key().ifPresent(k -> request.header("Authorization", "Bearer " + k));
        String lastProblem = "";
        for (int attempt = 0; attempt <= settings.retries(); attempt++) {
            Duration wait = settings.backoff().multipliedBy(1L << Math.min(attempt, 10));
            try {
                inFlight.acquire();
                HttpResponse<String> response;
                try {
                    response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                } finally {
                    inFlight.release();
                }
                int status = response.statusCode();
                if (status == 200) {
                    return content(response.body());
                }
                lastProblem = "HTTP " + status + ": " + excerpt(response.body());
                if (status == 401 || status == 403 || status == 404) {
                    // A wrong key, model or URL fails every latent alike: stop rather than mark them all unscored.
                    throw new org.recsae.spi.BadInputException("the server at " + uri + " refused the request ("
                            + scrub(lastProblem) + "); check --llm-url, --llm-model and the API key");
                }
                if (status != 429 && status < 500) {
                    throw new LatentNotInterpretable("the server at " + uri + " refused the request ("
                            + scrub(lastProblem) + ")", false, null);
                }
                Optional<String> retryAfter = response.headers().firstValue("Retry-After");
                if (retryAfter.isPresent() && retryAfter.get().matches("\\d{1,3}")) {
                    wait = Duration.ofSeconds(Math.min(30, Long.parseLong(retryAfter.get())));
                }
            } catch (HttpTimeoutException e) {
                lastProblem = "no reply within " + settings.timeout().toMillis() + " ms";
            } catch (IOException e) {
                lastProblem = "connection failed: " + e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LatentNotInterpretable("interrupted while waiting for " + uri, true, e);
            }
            if (attempt < settings.retries()) {
                sleep(wait);
            }
        }
        throw new LatentNotInterpretable("the server at " + uri + " failed " + (settings.retries() + 1)
                + " times; last: " + scrub(lastProblem), true, null);
    }

    private static String content(String body) {
        JsonNode reply;
        try {
            reply = Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new LatentNotInterpretable("the server's reply is not JSON: " + excerpt(body), false, e);
        }
        JsonNode text = reply.path("choices").path(0).path("message").path("content");
        if (!text.isTextual()) {
            throw new LatentNotInterpretable("the server's reply has no choices[0].message.content: "
                    + excerpt(body), false, null);
        }
        return text.asText();
    }

    static String excerpt(String text) {
        String flat = text.replaceAll("\\s+", " ").strip();
        return flat.length() <= 120 ? flat : flat.substring(0, 120) + "...";
    }

    private String scrub(String text) {
        return settings.key().filter(k -> !k.isEmpty()).map(k -> text.replace(k, "***")).orElse(text);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
