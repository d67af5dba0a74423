package org.recsae.runtime.interpret;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.recsae.runtime.store.Json;
import org.recsae.runtime.store.RunDirectory;

/** A run's {@code concepts.json} as later stages (steering, reports) read it. */
public final class ConceptDictionary {
    /** One concept: its latent, confidence (0 when unscored), description and top item raw ids. */
    public record Concept(int latent, boolean scored, double confidence, String description, long[] topItems,
                          long activations) {
    }

    private final List<Concept> concepts;
    private final Path file;

    private ConceptDictionary(List<Concept> concepts, Path file) {
        this.concepts = concepts;
        this.file = file;
    }

    public static Optional<ConceptDictionary> read(RunDirectory run) {
        Path file = run.stageDir("concepts").resolve("concepts.json");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        List<Concept> out = new ArrayList<>();
        for (JsonNode e : Json.read(file, "concept dictionary")) {
            JsonNode items = e.path("top_items");
            long[] top = new long[items.size()];
            for (int i = 0; i < top.length; i++) {
                top[i] = items.get(i).path("item").asLong();
            }
            boolean scored = e.path("status").asText().equals("scored");
            out.add(new Concept(e.path("latent").asInt(), scored, scored ? e.path("confidence").asDouble() : 0,
                    e.path("description").asText(), top, e.path("activations").asLong()));
        }
        return Optional.of(new ConceptDictionary(List.copyOf(out), file));
    }

    public Path file() {
        return file;
    }

    public Optional<Concept> concept(int latent) {
        return concepts.stream().filter(c -> c.latent() == latent).findFirst();
    }

    /** Scored concepts, most confident first (ties: more activations first, then lower latent). */
    public List<Concept> byConfidence() {
        return concepts.stream().filter(Concept::scored)
                .sorted(Comparator.comparingDouble(Concept::confidence).reversed()
                        .thenComparing(Comparator.comparingLong(Concept::activations).reversed())
                        .thenComparingInt(Concept::latent))
                .toList();
    }
}
