package org.recsae.runtime.capture;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.recsae.runtime.data.ItemIdMap;
import org.recsae.runtime.data.TextCatalog;
import org.recsae.runtime.probe.SignatureJson;
import org.recsae.runtime.store.Hashing;
import org.recsae.runtime.store.Json;
import org.recsae.runtime.store.RunDirectory;
import org.recsae.runtime.store.RunManifest;
import org.recsae.spi.ProbeCandidate;

/**
 * The capture stage's manifest entry: what was read (model, descriptor, log files, item map, catalogue, each with
 * its sha256), how (plugin, probe, positions, log options, signature) and what was written. Local and Spark
 * capture both write it here, so later stages cannot tell them apart.
 */
public final class CaptureManifest {
    private CaptureManifest() {
    }

    /** The log as read: where, in which layout ({@code movielens_csv}, ..., {@code parquet}) and its files. */
    public record LogInput(Path path, String format, List<Path> files) {
        public LogInput {
            files = List.copyOf(files);
        }
    }

    /** The item table: the raw-id map and the text catalogue found beside the log. */
    public record Items(ItemIdMap ids, Optional<Path> catalogueFile, TextCatalog catalogue) {
    }

    /** The parameters every capture records; callers may add their own to the returned object. */
    public static ObjectNode parameters(ProbedModel probed, ProbeCandidate probe, Positions positions, String device,
                                        int batch, ObjectNode logOptions) {
        ObjectNode params = Json.object();
        params.put("probe", probe.tensor());
        params.put("probe_role", probe.role().jsonName());
        params.put("positions", positions.jsonName());
        params.put("windows", CaptureWindow.Windowing.of(positions, probe.shape().rank() == 3).jsonName());
        params.put("device", device);
        params.put("batch", batch);
        params.set("log", logOptions);
        params.set("signature", SignatureJson.toJson(probed.signature()));
        return params;
    }

    public static void write(RunDirectory run, ProbedModel probed, LogInput log, Items items, ObjectNode parameters,
                             ActivationCapture.Result result) {
        ObjectNode stage = Json.object();
        ObjectNode plugin = stage.putObject("plugin");
        plugin.put("name", probed.plugin().name());
        plugin.put("version", probed.plugin().version());
        ObjectNode inputs = stage.putObject("inputs");
        inputs.set("model", RunManifest.externalFile(probed.model().path(), probed.model().sha256()));
        if (probed.descriptorFile().isPresent()) {
            Path d = probed.descriptorFile().get();
            inputs.set("descriptor", RunManifest.externalFile(d, Hashing.sha256(d)));
        }
        ObjectNode dataNode = inputs.putObject("data");
        dataNode.put("path", log.path().toAbsolutePath().normalize().toString());
        dataNode.put("format", log.format());
        ArrayNode files = dataNode.putArray("files");
        for (Path f : log.files()) {
            files.add(RunManifest.externalFile(f, Hashing.sha256(f)));
        }
        items.ids().source().ifPresent(p -> inputs.set("item_id_map", RunManifest.externalFile(p, Hashing.sha256(p))));
        ObjectNode catalogue = inputs.putObject("catalogue");
        items.catalogueFile().ifPresent(p -> catalogue.put("path", p.toAbsolutePath().normalize().toString()));
        catalogue.put("items", items.catalogue().size());
        catalogue.put("fingerprint", items.catalogue().fingerprint());
        stage.set("parameters", parameters);
        ObjectNode outputs = stage.putObject("outputs");
        outputs.put("vectors", result.vectors());
        outputs.put("width", result.width());
        outputs.put("windows", result.windows());
        ArrayNode shards = outputs.putArray("shards");
        for (String s : result.shards()) {
            shards.add(RunManifest.runFile(run, result.directory().resolve(s)));
        }
        outputs.set("rows", RunManifest.runFile(run, result.directory().resolve(CapturedRowsWriter.ROWS_FILE)));
        RunManifest.load(run).putStage(ActivationCapture.STAGE, stage);
    }
}
