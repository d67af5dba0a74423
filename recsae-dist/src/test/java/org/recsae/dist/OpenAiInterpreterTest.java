package org.recsae.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsae.testkit.CliRun;

/** The {@code openai} interpreter against a real local HTTP server speaking chat completions. */
class OpenAiInterpreterTest {
    private static final String KEY = "sk-test-0123456789-SECRET-abcdef";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path shared;
    static Path trained;

    @TempDir
    Path tmp;
    FakeChatServer server;
    Path keyFile;

    @BeforeAll
    static void captureAndTrain() {
        trained = shared.resolve("run");
        assertEquals(0, BundledRuns.capture("sasrec_opset14_folded", trained).exitCode());
        assertEquals(0, CliRun.of("train", "--run", trained.toString(), "--k", "16", "--epochs", "2").exitCode());
        // The top items at every prefix do not depend on the interpreter: compute them once for every copy.
        assertEquals(0, CliRun.of("interpret", "--run", trained.toString(), "--latents", "1").exitCode());
    }

    @BeforeEach
    void start() throws IOException {
        server = new FakeChatServer();
        keyFile = Files.writeString(tmp.resolve("key.txt"), KEY + "\n");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** A copy of the trained run without concepts (the prefix cache kept). */
    private Path freshRun(String name) throws IOException {
        return RunCopies.copy(trained, tmp.resolve(name), rel -> !rel.startsWith("concepts") || rel.equals("concepts")
                || rel.equals("concepts/cache") || rel.equals("concepts/cache/predicted_items.txt"));
    }

    private CliRun interpret(Path run, String... extra) {
        List<String> args = new ArrayList<>(List.of("interpret", "--run", run.toString(), "--interpreter", "openai",
                "--llm-url", server.url(), "--llm-model", "test-model", "--llm-key-file", keyFile.toString(),
                "--interpreter-option", "backoff_ms=5"));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(new String[0]));
    }

    private static JsonNode concepts(Path run) throws IOException {
        return JSON.readTree(run.resolve("concepts/concepts.json").toFile());
    }

    @Test
    void requestsHaveTheChatCompletionsShape() throws IOException {
        CliRun r = interpret(freshRun("run"), "--latents", "2");
        assertEquals(0, r.exitCode(), r::toString);
        assertFalse(server.requests.isEmpty());
        for (FakeChatServer.Request q : server.requests) {
            assertEquals("POST", q.method());
            assertEquals("/v1/chat/completions", q.path());
            assertEquals("Bearer " + KEY, q.authorization());
            assertEquals("test-model", q.body().path("model").asText());
            assertEquals(0, q.body().path("temperature").asDouble());
            assertTrue(q.body().path("max_tokens").asInt() > 0);
            List<String> roles = new ArrayList<>();
            q.body().path("messages").forEach(m -> roles.add(m.path("role").asText()));
            assertEquals(List.of("system", "user", "assistant", "user"), roles, "system prompt and one-shot example");
        }
        FakeChatServer.Request predict = server.requests.stream().filter(FakeChatServer.Request::isPrediction)
                .findFirst().orElseThrow();
        assertTrue(predict.lastUser().startsWith("Description: films about something"), predict.lastUser());
        assertTrue(predict.lastUser().contains("**") && predict.lastUser().contains("Recommended next: "),
                "the last history item is marked: " + predict.lastUser());
        JsonNode scored = concepts(tmp.resolve("run")).get(0);
        assertEquals("films about something", scored.path("description").asText());
        assertEquals("openai", scored.path("interpreter").asText());
    }

    @Test
    void noMoreRequestsInFlightThanTheLimit() throws IOException {
        server.delayMs = 60;
        assertEquals(0, interpret(freshRun("run"), "--latents", "2", "--llm-concurrency", "3").exitCode());
        assertTrue(server.maxInFlight.get() <= 3, "in flight at once: " + server.maxInFlight.get());
        assertTrue(server.maxInFlight.get() >= 2, "predictions are asked in parallel: " + server.maxInFlight.get());
    }

    @Test
    void retriesOn429And503() throws IOException {
        server.failNext(2, 429);
        Path run = freshRun("run");
        CliRun r = interpret(run, "--latents", "1");
        assertEquals(0, r.exitCode(), r::toString);
        server.failNext(1, 503);
        assertEquals(0, interpret(run, "--latents", "3,").exitCode());
        for (JsonNode e : concepts(run)) {
            assertFalse(e.path("reason").asText().contains("interpreter failed"), e.toString());
        }
        assertTrue(server.failuresLeft.get() <= 0, "the failures were served");
    }

    @Test
    void aRefusingServerIsNotRetried() throws IOException {
        server.failNext(1000, 400);
        Path run = freshRun("run");
        CliRun r = interpret(run, "--latents", "1");
        assertEquals(0, r.exitCode(), r::toString);
        JsonNode e = concepts(run).get(0);
        assertTrue(e.path("reason").asText().contains("refused the request (HTTP 400"), e.toString());
        assertEquals(1, server.requests.size(), "a 400 is not retried");
    }

    @Test
    void aRejectedKeyStopsTheRunWithoutRecordingLatents() throws IOException {
        server.failNext(1000, 401);
        Path run = freshRun("run");
        CliRun r = interpret(run, "--latents", "3");
        assertEquals(3, r.exitCode(), r::toString);
        assertTrue(r.stderr().contains("HTTP 401") && r.stderr().contains("API key"), r::toString);
        assertFalse(r.stderr().contains(KEY), "the key is in the error");
        assertEquals(1, server.requests.size());
        assertFalse(Files.exists(run.resolve("concepts/concepts.json")));
    }

    @Test
    void emptyAndHugeRepliesAreHandled() throws IOException {
        server.replies = q -> q.isPrediction() ? "3" : "";
        Path run = freshRun("run");
        assertEquals(0, interpret(run, "--latents", "1").exitCode());
        assertTrue(concepts(run).get(0).path("reason").asText().contains("empty description"), concepts(run).toString());

        server.replies = q -> q.isPrediction() ? "3" : "endless ".repeat(20_000);
        Path other = freshRun("other");
        assertEquals(0, interpret(other, "--latents", "1").exitCode());
        String description = concepts(other).get(0).path("description").asText();
        assertTrue(description.startsWith("endless") && description.length() <= 300, description.length() + " chars");
    }

    @Test
    void aServerThatNeverAnswersInTimeLeavesTheLatentUnscoredAndTheRunGoesOn() throws IOException {
        server.delayMs = 2500;
        Path run = freshRun("run");
        CliRun r = interpret(run, "--latents", "1", "--llm-timeout", "1", "--interpreter-option", "retries=1");
        assertEquals(0, r.exitCode(), r::toString);
        JsonNode e = concepts(run).get(0);
        assertEquals("unscored", e.path("status").asText());
        assertTrue(e.path("reason").asText().contains("no reply within 1000 ms"), e.toString());
        assertTrue(r.stderr().contains("will be retried on the next run"), r::toString);
        // Not cached: the next run asks again (and succeeds once the server is quick).
        server.delayMs = 5;
        assertEquals(0, interpret(run, "--latents", "1", "--llm-timeout", "1", "--interpreter-option", "retries=1")
                .exitCode());
        assertEquals("scored", concepts(run).get(0).path("status").asText());
    }

    @Test
    void garbageRepliesLeaveTheLatentUnscoredWithTheReason() throws IOException {
        server.replies = q -> q.isPrediction() ? "I would say about five out of ten" : "a concept";
        Path run = freshRun("run");
        CliRun r = interpret(run, "--latents", "2");
        assertEquals(0, r.exitCode(), r::toString);
        for (JsonNode e : concepts(run)) {
            assertEquals("unscored", e.path("status").asText());
            assertTrue(e.path("reason").asText().contains("not a level 0..10: 'I would say about five"), e.toString());
        }
    }

    @Test
    void aSharedCacheMakesAFreshRunFreeAndTheKeyIsWrittenNowhere() throws IOException {
        Path cache = tmp.resolve("llm-cache");
        Path first = freshRun("first");
        CliRun a = interpret(first, "--latents", "3", "--llm-cache", cache.toString());
        assertEquals(0, a.exitCode(), a::toString);
        int asked = server.requests.size();
        assertTrue(asked > 0);

        Path second = freshRun("second");
        CliRun b = interpret(second, "--latents", "3", "--llm-cache", cache.toString());
        assertEquals(0, b.exitCode(), b::toString);
        assertEquals(asked, server.requests.size(), "the second run asked the server again");
        assertEquals(Files.readString(first.resolve("concepts/concepts.json")),
                Files.readString(second.resolve("concepts/concepts.json")));

        for (Path dir : List.of(first, second, cache)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path f : walk.filter(Files::isRegularFile).toList()) {
                    assertFalse(new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1)
                            .contains(KEY), "the API key is in " + f);
                }
            }
        }
        for (CliRun run : List.of(a, b)) {
            assertFalse(run.stdout().contains(KEY) || run.stderr().contains(KEY), "the API key is in the log");
        }
    }
}
