package org.recsae.runtime.interpret.llm;

/** One message of a chat completion request. */
public record ChatMessage(String role, String content) {
}
