package org.recsae.runtime.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.recsae.runtime.sae.SaeFiles;
import org.recsae.runtime.store.Json;
import org.recsae.runtime.store.RunDirectory;
import org.recsae.runtime.store.RunManifest;

/**
 * What the report shows, gathered from the run's files: the capture and SAE always, the later stages (evaluation,
 * concepts, steering) when they have run. Concept entries are slimmed to what the page displays.
 */
final class ReportData {
    private final ObjectNode doc = Json.object();
    private final List<Path> read = new ArrayList<>();

    static ReportData gather(RunDirectory run, java.util.Optional<JsonNode> compare) {
        ReportData d = new ReportData();
        ObjectNode capture = RunManifest.require(run, "capture", "report").stage("capture").orElseThrow();
        RunManifest.require(run, "train", "report");
        ObjectNode info = d.doc.putObject("run");
        info.put("root", run.root().toString());
        info.put("model", Path.of(capture.path("inputs").path("model").path("path").asText()).getFileName().toString());
        info.put("data", capture.path("inputs").path("data").path("path").asText());
        info.put("plugin", capture.path("plugin").path("name").asText());
        info.put("probe", capture.path("parameters").path("probe").asText());
        info.put("probe_role", capture.path("parameters").path("probe_role").asText());
        JsonNode cfg = d.json(run.stageDir("sae").resolve(SaeFiles.CFG));
        JsonNode metrics = d.json(run.stageDir("sae").resolve("metrics.json"));
        ObjectNode sae = d.doc.putObject("sae");
        for (String f : List.of("d_in", "d_sae", "k")) {
            sae.set(f, cfg.path(f));
        }
        for (String f : List.of("nmse", "explained_variance", "l0", "dead_fraction", "dead_fraction_heldout")) {
            sae.set(f, metrics.path(f));
        }
        d.doc.set("density", metrics.path("latent_density_histogram"));
        d.doc.set("ranking", d.optional(run.stageDir("eval").resolve("ranking.json")));
        d.doc.set("summary", d.optional(run.stageDir("concepts").resolve("summary.json")));
        JsonNode concepts = d.optional(run.stageDir("concepts").resolve("concepts.json"));
        d.doc.set("concepts", concepts.isArray() ? slim(concepts) : concepts);
        d.doc.set("steer", d.optional(run.stageDir("steer").resolve("steer_eval.json")));
        d.doc.set("explanations", d.explanations(run.stageDir("explain")));
        d.doc.set("compare", compare.orElse(com.fasterxml.jackson.databind.node.NullNode.getInstance()));
        return d;
    }

    private static ArrayNode slim(JsonNode concepts) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (JsonNode e : concepts) {
            ObjectNode c = out.addObject();
            for (String f : List.of("latent", "status", "reason", "description", "recall", "precision", "confidence",
                    "activations")) {
                if (e.has(f)) {
                    c.set(f, e.get(f));
                }
            }
            ArrayNode top = c.putArray("top");
            for (JsonNode t : e.path("top_items")) {
                top.addArray().add(t.path("title").asText()).add(t.path("times").asInt());
            }
            c.set("explaining", sequences(e.path("explaining")));
            c.set("verification", sequences(e.path("verification")));
        }
        return out;
    }

    private static ArrayNode sequences(JsonNode list) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (JsonNode s : list) {
            ObjectNode o = out.addObject();
            ArrayNode h = o.putArray("h");
            s.path("history").forEach(i -> h.add(i.path("title").asText()));
            o.put("p", s.path("predicted").path("title").asText());
            o.set("level", s.path("level"));
            if (s.has("predicted_level")) {
                o.set("predicted_level", s.path("predicted_level"));
                o.set("kind", s.path("kind"));
            }
        }
        return out;
    }

    /** The users explained with {@code recsae explain}, their top contributions only. */
    private ArrayNode explanations(Path dir) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        List<Path> files;
        try (var list = Files.list(dir)) {
            files = list.filter(p -> p.getFileName().toString().matches("user-\\d+\\.json")).sorted().toList();
        } catch (java.io.IOException e) {
            throw new org.recsae.spi.RuntimeFailureException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        for (Path f : files) {
            JsonNode doc = json(f);
            ObjectNode u = out.addObject();
            u.set("user", doc.path("user"));
            u.set("history_length", doc.path("history_length"));
            ArrayNode items = u.putArray("items");
            for (JsonNode it : doc.path("items")) {
                ObjectNode i = items.addObject();
                for (String k : List.of("title", "rank", "score", "base", "residual", "interaction")) {
                    i.set(k, it.path(k));
                }
                ArrayNode cs = i.putArray("contributions");
                for (int c = 0; c < Math.min(5, it.path("contributions").size()); c++) {
                    JsonNode con = it.path("contributions").get(c);
                    cs.addObject().put("latent", con.path("latent").asInt())
                            .put("contribution", con.path("contribution").asDouble())
                            .set("description", con.path("description"));
                }
            }
        }
        return out;
    }

    private JsonNode json(Path file) {
        read.add(file);
        return Json.read(file, "report input");
    }

    private JsonNode optional(Path file) {
        return Files.isRegularFile(file) ? json(file) : Json.MAPPER.nullNode();
    }

    ObjectNode document() {
        return doc;
    }

    /** The files the report was built from, for the manifest. */
    List<Path> inputs() {
        return List.copyOf(read);
    }
}
