package org.recsae.runtime.interpret.llm;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.ModelParameters;
import de.kherud.llama.Pair;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.recsae.runtime.interpret.InterpreterOptions;
import org.recsae.runtime.store.Json;
import org.recsae.spi.BadInputException;
import org.recsae.spi.interpret.Interpreter;
import org.recsae.spi.interpret.InterpreterContext;
import org.recsae.spi.interpret.InterpreterSession;
import org.recsae.spi.interpret.LatentNotInterpretable;

/**
 * {@code llamacpp}: a GGUF file the user supplies, run in this process by llama.cpp (de.kherud:llama). The model's
 * chat template renders the messages; predictions are sampled under a grammar that admits only 0..10; sampling is
 * greedy. Options: {@code model} (the GGUF file, from {@code --llm-model}), {@code threads}, {@code context}
 * (tokens, default 4096), {@code cache}, {@code prompts}.
 */
public final class LlamaCppInterpreter implements Interpreter {
    static final Set<String> OPTIONS = Set.of("model", "threads", "context", "cache", "prompts");
    private static final String LEVEL_GRAMMAR = "root ::= \"10\" | [0-9]";

    @Override
    public String name() {
        return "llamacpp";
    }

    @Override
    public String version() {
        return "1";
    }

    @Override
    public InterpreterSession open(InterpreterContext context) {
        Map<String, String> o = context.options();
        InterpreterOptions.checkKnown(name(), o, OPTIONS);
        Path gguf = Path.of(LlmOptions.required(o, "model", null, "--llm-model FILE.gguf"));
        if (!Files.isRegularFile(gguf)) {
            throw new BadInputException("GGUF model " + gguf + " does not exist");
        }
        String identity;
        try {
            // Path, size and modification time identify the model for the reply cache without hashing gigabytes.
            identity = "llamacpp " + gguf.toAbsolutePath().normalize() + " " + Files.size(gguf) + " "
                    + Files.getLastModifiedTime(gguf).toMillis();
        } catch (IOException e) {
            throw new BadInputException("cannot read GGUF model " + gguf + ": " + e.getMessage(), e);
        }
        int threads = InterpreterOptions.integer(o, "threads", Math.max(1, Runtime.getRuntime().availableProcessors()),
                1, 512);
        int contextTokens = InterpreterOptions.integer(o, "context", 4096, 256, 1 << 20);
        LlamaModel model = acquire(identity, gguf, contextTokens, threads);
        Completer completer = new Completer() {
            @Override
            public String endpoint() {
                return identity;
            }

            @Override
            public ObjectNode request(List<ChatMessage> messages, int maxTokens, boolean levelOnly) {
                ObjectNode r = Json.object();
                ArrayNode list = r.putArray("messages");
                messages.forEach(m -> list.addObject().put("role", m.role()).put("content", m.content()));
                r.put("temperature", 0).put("max_tokens", maxTokens);
                if (levelOnly) {
                    r.put("grammar", LEVEL_GRAMMAR);
                }
                return r;
            }

            @Override
            public String complete(ObjectNode request, List<ChatMessage> messages, int maxTokens, boolean levelOnly) {
                String system = "";
                List<Pair<String, String>> turns = new ArrayList<>();
                for (ChatMessage m : messages) {
                    if (m.role().equals("system")) {
                        system = m.content();
                    } else {
                        turns.add(new Pair<>(m.role(), m.content()));
                    }
                }
                try {
                    synchronized (model) { // one completion at a time on one model
                        String prompt = model.applyTemplate(new InferenceParameters("").setMessages(system, turns));
                        InferenceParameters p = new InferenceParameters(prompt).setUseChatTemplate(false)
                                .setTemperature(0f).setNPredict(maxTokens).setSeed(0);
                        if (levelOnly) {
                            p.setGrammar(LEVEL_GRAMMAR);
                        }
                        return model.complete(p);
                    }
                } catch (RuntimeException e) {
                    throw new LatentNotInterpretable("llama.cpp failed: " + e.getMessage(), true, e);
                }
            }

            @Override
            public void close() {
                release(identity);
            }
        };
        try {
            return new LlmSession(completer, Optional.ofNullable(o.get("prompts")).map(Path::of),
                    new ResponseCache(LlmOptions.cacheDir(o, context)), 1);
        } catch (RuntimeException e) {
            release(identity);
            throw e;
        }
    }

    /** A run opens two sessions (the main one and the withheld control); they share one loaded model. */
    private final Map<String, LlamaModel> loaded = new java.util.HashMap<>();
    private final Map<String, Integer> users = new java.util.HashMap<>();

    private synchronized LlamaModel acquire(String identity, Path gguf, int contextTokens, int threads) {
        LlamaModel model = loaded.get(identity);
        if (model == null) {
            try {
                // llama.cpp's own log would flood standard error
                LlamaModel.setLogger(de.kherud.llama.args.LogFormat.TEXT, (level, message) -> { });
                model = new LlamaModel(new ModelParameters().setModel(gguf.toString()).setCtxSize(contextTokens)
                        .setThreads(threads).setGpuLayers(0));
            } catch (RuntimeException e) {
                throw new BadInputException("llama.cpp cannot load GGUF model " + gguf + ": " + e.getMessage(), e);
            } catch (LinkageError e) {
                throw new org.recsae.spi.RuntimeFailureException("llama.cpp's native library does not load on this "
                        + "platform (" + System.getProperty("os.name") + " " + System.getProperty("os.arch") + "): "
                        + e.getMessage(), e);
            }
            loaded.put(identity, model);
        }
        users.merge(identity, 1, Integer::sum);
        return model;
    }

    private synchronized void release(String identity) {
        int left = users.merge(identity, -1, Integer::sum);
        if (left <= 0) {
            users.remove(identity);
            LlamaModel model = loaded.remove(identity);
            if (model != null) {
                model.close();
            }
        }
    }
}
