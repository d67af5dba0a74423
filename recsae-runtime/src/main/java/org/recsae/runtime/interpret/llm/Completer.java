package org.recsae.runtime.interpret.llm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** One way to get a chat reply: a server over HTTP, or a model in this process. */
interface Completer extends AutoCloseable {
    /** Identifies the model and endpoint for the response cache, e.g. {@code http://localhost:11434/v1 llama3}. */
    String endpoint();

    /** The request as data, for the cache key. */
    ObjectNode request(List<ChatMessage> messages, int maxTokens, boolean levelOnly);

    /** The reply to a request made by {@link #request}. */
    String complete(ObjectNode request, List<ChatMessage> messages, int maxTokens, boolean levelOnly);

    @Override
    default void close() {
    }
}
