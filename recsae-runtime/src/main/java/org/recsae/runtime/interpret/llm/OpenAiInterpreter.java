package org.recsae.runtime.interpret.llm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.recsae.runtime.interpret.InterpreterOptions;
import org.recsae.spi.BadInputException;
import org.recsae.spi.UsageException;
import org.recsae.spi.interpret.Interpreter;
import org.recsae.spi.interpret.InterpreterContext;
import org.recsae.spi.interpret.InterpreterSession;

/**
 * {@code openai}: any OpenAI-compatible chat server. Options: {@code url} (else {@code OPENAI_BASE_URL}),
 * {@code model} (else {@code OPENAI_MODEL}), {@code key_file} (else the key comes from {@code OPENAI_API_KEY};
 * none is fine for local servers), {@code concurrency} (4), {@code timeout_s} (60), {@code retries} (4),
 * {@code backoff_ms} (500), {@code cache} (a folder for replies, default the run's), {@code prompts} (a folder
 * of edited templates).
 */
public final class OpenAiInterpreter implements Interpreter {
    static final Set<String> OPTIONS = Set.of("url", "model", "key_file", "concurrency", "timeout_s", "retries",
            "backoff_ms", "cache", "prompts");

    @Override
    public String name() {
        return "openai";
    }

    @Override
    public String version() {
        return "1";
    }

    @Override
    public InterpreterSession open(InterpreterContext context) {
        Map<String, String> o = context.options();
        InterpreterOptions.checkKnown(name(), o, OPTIONS);
        String url = LlmOptions.required(o, "url", "OPENAI_BASE_URL", "--llm-url");
        String model = LlmOptions.required(o, "model", "OPENAI_MODEL", "--llm-model");
        URI uri;
        try {
            uri = URI.create(url);
            if (uri.getScheme() == null || !uri.getScheme().startsWith("http")) {
                throw new IllegalArgumentException();
            }
        } catch (IllegalArgumentException e) {
            throw new UsageException("--llm-url must be an http(s) URL such as http://localhost:11434/v1, found '"
                    + url + "'");
        }
        int concurrency = InterpreterOptions.integer(o, "concurrency", 4, 1, 256);
        ChatClient client = new ChatClient(new ChatClient.Settings(uri, model, key(o), concurrency,
                Duration.ofSeconds(InterpreterOptions.integer(o, "timeout_s", 60, 1, 3600)),
                InterpreterOptions.integer(o, "retries", 4, 0, 20),
                Duration.ofMillis(InterpreterOptions.integer(o, "backoff_ms", 500, 0, 60_000))));
        Completer completer = new Completer() {
            @Override
            public String endpoint() {
                return uri + " " + model;
            }

            @Override
            public ObjectNode request(List<ChatMessage> messages, int maxTokens, boolean levelOnly) {
                return client.body(messages, maxTokens);
            }

            @Override
            public String complete(ObjectNode request, List<ChatMessage> messages, int maxTokens, boolean levelOnly) {
                return client.complete(request);
            }
        };
        return new LlmSession(completer, Optional.ofNullable(o.get("prompts")).map(Path::of),
                new ResponseCache(LlmOptions.cacheDir(o, context)), concurrency);
    }

    /** The API key: from the key file if one is named, else {@code OPENAI_API_KEY}, else none. */
    private static Optional<String> key(Map<String, String> o) {
        if (o.containsKey("key_file")) {
            Path f = Path.of(o.get("key_file"));
            try {
                String k = Files.readString(f).strip();
                if (k.isEmpty()) {
                    throw new BadInputException("the API key file " + f + " is empty");
                }
                return Optional.of(k);
            } catch (IOException e) {
                throw new BadInputException("cannot read the API key file " + f + ": " + e.getClass().getSimpleName());
            }
        }
        return Optional.ofNullable(System.getenv("OPENAI_API_KEY")).filter(k -> !k.isBlank()).map(String::strip);
    }

    static Set<String> options() {
        return new TreeSet<>(OPTIONS);
    }
}
