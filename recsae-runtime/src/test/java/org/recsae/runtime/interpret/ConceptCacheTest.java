package org.recsae.runtime.interpret;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsae.runtime.store.Json;

class ConceptCacheTest {
    @TempDir
    Path dir;

    private static void fill(ConceptCache cache, int... latents) {
        for (int j : latents) {
            cache.append(Json.object().put("latent", j).put("description", "concept " + j + " \"quoted\"\n"));
        }
    }

    @Test
    void aTornLastLineIsDroppedAndTheRestKept() throws IOException {
        try (ConceptCache cache = ConceptCache.open(dir, "k1")) {
            fill(cache, 3, 1, 7);
        }
        Path file = dir.resolve(ConceptCache.FILE);
        long intact = Files.size(file);
        Files.writeString(file, "{\"latent\": 9, \"descr", StandardOpenOption.APPEND);
        try (ConceptCache cache = ConceptCache.open(dir, "k1")) {
            assertEquals(3, cache.size());
            assertTrue(cache.has(7) && !cache.has(9));
            assertEquals("concept 7 \"quoted\"\n", cache.get(7).path("description").asText());
            assertEquals(intact, Files.size(file));
            fill(cache, 9);
        }
        try (ConceptCache cache = ConceptCache.open(dir, "k1")) {
            assertEquals(4, cache.size());
        }
    }

    @Test
    void anotherKeyStartsAfresh() {
        try (ConceptCache cache = ConceptCache.open(dir, "k1")) {
            fill(cache, 1, 2);
        }
        try (ConceptCache cache = ConceptCache.open(dir, "k2")) {
            assertEquals(0, cache.size());
            assertFalse(cache.has(1));
        }
    }
}
