package org.recsae.runtime.interpret.llm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.recsae.spi.interpret.Description;
import org.recsae.spi.interpret.InterpreterSession;
import org.recsae.spi.interpret.LatentNotInterpretable;
import org.recsae.spi.interpret.LevelledSequence;
import org.recsae.spi.interpret.ShownSequence;

/**
 * The paper's two prompts over any {@link Completer}: explain (the latent's sequences with their levels, asking for
 * a short description) and predict (the description and one sequence, asking for a level). Every reply is cached.
 * A latent's predictions are asked in parallel, up to the concurrency limit.
 */
final class LlmSession implements InterpreterSession {
    private static final int DESCRIPTION_TOKENS = 60;
    private static final int LEVEL_TOKENS = 4;
    private static final int DESCRIPTION_CHARS = 300;

    private final Completer completer;
    private final PromptTemplate explain;
    private final PromptTemplate predict;
    private final ResponseCache cache;
    private final ExecutorService pool;

    LlmSession(Completer completer, Optional<java.nio.file.Path> prompts, ResponseCache cache, int concurrency) {
        this.completer = completer;
        this.explain = PromptTemplate.load("explain.prompt", prompts);
        this.predict = PromptTemplate.load("predict.prompt", prompts);
        this.cache = cache;
        this.pool = Executors.newFixedThreadPool(Math.max(1, concurrency), r -> {
            Thread t = new Thread(r, "recsae-llm");
            t.setDaemon(true);
            return t;
        });
    }

    private String ask(PromptTemplate template, List<ChatMessage> messages, int maxTokens, boolean levelOnly) {
        ObjectNode request = completer.request(messages, maxTokens, levelOnly);
        String key = ResponseCache.key(completer.endpoint(), template.version(), request);
        Optional<String> cached = cache.get(key);
        if (cached.isPresent()) {
            return cached.get();
        }
        String reply = completer.complete(request, messages, maxTokens, levelOnly);
        cache.put(key, reply);
        return reply;
    }

    @Override
    public String fingerprint() {
        return completer.endpoint() + "\n" + explain.fingerprint() + "\n" + predict.fingerprint();
    }

    @Override
    public Description describe(List<LevelledSequence> explaining) {
        StringBuilder examples = new StringBuilder();
        for (int i = 0; i < explaining.size(); i++) {
            LevelledSequence e = explaining.get(i);
            examples.append("Example ").append(i + 1).append(" (level ").append(e.level()).append(")\n")
                    .append(SequenceText.of(e.sequence())).append("\n\n");
        }
        String reply = ask(explain, explain.render(Map.of("examples", examples.toString().strip())),
                DESCRIPTION_TOKENS, false);
        String text = reply.replaceAll("\\s+", " ").strip();
        if (text.isEmpty()) {
            throw new LatentNotInterpretable("the interpreter returned an empty description");
        }
        return Description.ofText(text.length() <= DESCRIPTION_CHARS ? text : text.substring(0, DESCRIPTION_CHARS));
    }

    @Override
    public int[] predictLevels(Description description, List<ShownSequence> sequences) {
        List<Future<Integer>> futures = new ArrayList<>();
        for (ShownSequence s : sequences) {
            List<ChatMessage> messages = predict.render(Map.of("description", description.text(), "sequence",
                    SequenceText.of(s)));
            futures.add(pool.submit(() -> LevelReply.parse(ask(predict, messages, LEVEL_TOKENS, true))));
        }
        int[] levels = new int[sequences.size()];
        for (int i = 0; i < levels.length; i++) {
            try {
                levels[i] = futures.get(i).get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof LatentNotInterpretable failure) {
                    throw failure;
                }
                throw new LatentNotInterpretable("a prediction failed: " + e.getCause(), true, e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LatentNotInterpretable("interrupted", true, e);
            }
        }
        return levels;
    }

    @Override
    public void close() {
        pool.shutdownNow();
        completer.close();
    }
}
