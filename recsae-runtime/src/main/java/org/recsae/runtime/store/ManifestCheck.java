package org.recsae.runtime.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Rechecks the files a manifest entry lists: every {@code {"path", "sha256"}} object anywhere under it must name a
 * file that exists and still has that hash. Relative paths are inside the run.
 */
public final class ManifestCheck {
    /** One file that no longer matches its record. */
    public record Mismatch(String where, Path file, String problem) {
        @Override
        public String toString() {
            return where + ": " + file + " " + problem;
        }
    }

    private ManifestCheck() {
    }

    /** Every mismatch under {@code node}, each labelled with {@code where} and its place in the entry. */
    public static List<Mismatch> check(RunDirectory run, JsonNode node, String where) {
        List<Mismatch> out = new ArrayList<>();
        walk(run, node, where, out);
        return out;
    }

    private static void walk(RunDirectory run, JsonNode node, String where, List<Mismatch> out) {
        if (node.isObject() && node.has("path") && node.has("sha256")) {
            Path p;
            try {
                p = Path.of(node.path("path").asText());
            } catch (java.nio.file.InvalidPathException e) {
                out.add(new Mismatch(where, Path.of("."), "names an impossible path '" + node.path("path").asText()
                        + "'"));
                return;
            }
            Path file = p.isAbsolute() ? p : run.root().resolve(p);
            if (!Files.isRegularFile(file)) {
                out.add(new Mismatch(where, file, "is missing"));
            } else {
                String actual = Hashing.sha256(file);
                if (!actual.equals(node.path("sha256").asText())) {
                    out.add(new Mismatch(where, file, "changed (sha256 " + actual + ", recorded "
                            + node.path("sha256").asText() + ")"));
                }
            }
            return;
        }
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> walk(run, e.getValue(), where + "." + e.getKey(), out));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(run, node.get(i), where + "[" + i + "]", out);
            }
        }
    }
}
