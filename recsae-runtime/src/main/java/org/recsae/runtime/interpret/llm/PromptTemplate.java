package org.recsae.runtime.interpret.llm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.recsae.spi.BadInputException;

/**
 * A prompt kept in an editable text file: a {@code version:} line, then {@code === system ===},
 * {@code === example user ===}, {@code === example assistant ===} and {@code === user ===} sections (a one-shot
 * exchange before the real question). Lines starting with {@code #} before the version are comments. The built-in
 * templates ship in the jar; a folder given with the {@code prompts} option overrides them by file name.
 */
public final class PromptTemplate {
    private static final List<String> SECTIONS = List.of("system", "example user", "example assistant", "user");

    private final String name;
    private final String version;
    private final Map<String, String> sections;

    private PromptTemplate(String name, String version, Map<String, String> sections) {
        this.name = name;
        this.version = version;
        this.sections = sections;
    }

    /** {@code explain.prompt} or {@code predict.prompt}, from {@code folder} if it has one, else the built-in one. */
    public static PromptTemplate load(String fileName, Optional<Path> folder) {
        if (folder.isPresent() && Files.isRegularFile(folder.get().resolve(fileName))) {
            Path file = folder.get().resolve(fileName);
            try {
                return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new BadInputException("cannot read prompt template " + file + ": " + e.getMessage(), e);
            }
        }
        try (InputStream in = PromptTemplate.class.getResourceAsStream(fileName)) {
            if (in == null) {
                throw new IllegalStateException("built-in prompt " + fileName + " is missing from the jar");
            }
            return parse("built-in " + fileName, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read built-in prompt " + fileName, e);
        }
    }

    static PromptTemplate parse(String name, String text) {
        String version = null;
        Map<String, StringBuilder> parts = new LinkedHashMap<>();
        StringBuilder current = null;
        for (String line : text.split("\n", -1)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("=== ") && trimmed.endsWith(" ===")) {
                String section = trimmed.substring(4, trimmed.length() - 4).strip();
                if (!SECTIONS.contains(section)) {
                    throw new BadInputException("prompt template " + name + ": unknown section '" + section
                            + "'; the sections are " + SECTIONS);
                }
                current = new StringBuilder();
                parts.put(section, current);
            } else if (current != null) {
                current.append(line).append('\n');
            } else if (trimmed.startsWith("version:")) {
                version = trimmed.substring("version:".length()).strip();
            } else if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                throw new BadInputException("prompt template " + name + ": expected comments, 'version:' or a "
                        + "section before '" + trimmed + "'");
            }
        }
        if (version == null || version.isEmpty()) {
            throw new BadInputException("prompt template " + name + " has no 'version:' line");
        }
        List<String> missing = new ArrayList<>(SECTIONS);
        missing.removeAll(parts.keySet());
        if (!missing.isEmpty()) {
            throw new BadInputException("prompt template " + name + " lacks the sections " + missing);
        }
        Map<String, String> sections = new LinkedHashMap<>();
        parts.forEach((k, v) -> sections.put(k, v.toString().strip()));
        return new PromptTemplate(name, version, sections);
    }

    public String version() {
        return version;
    }

    /** The version and a hash of the whole template, so an edit without a version bump is noticed too. */
    String fingerprint() {
        return version + " " + org.recsae.runtime.store.Hashing.sha256(sections.toString()
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The chat messages, with {@code {{key}}} placeholders of the user section filled in. */
    public List<ChatMessage> render(Map<String, String> values) {
        String user = sections.get("user");
        for (Map.Entry<String, String> v : values.entrySet()) {
            user = user.replace("{{" + v.getKey() + "}}", v.getValue());
        }
        return List.of(new ChatMessage("system", sections.get("system")),
                new ChatMessage("user", sections.get("example user")),
                new ChatMessage("assistant", sections.get("example assistant")), new ChatMessage("user", user));
    }
}
