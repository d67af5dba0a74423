package org.recsae.runtime.sae;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.recsae.runtime.store.Json;
import org.recsae.runtime.store.SafetensorsFile;
import org.recsae.spi.BadInputException;
import org.recsae.spi.FlatTensor;

/**
 * An SAE on disk in the SAELens v6 layout: {@code sae_weights.safetensors} (W_enc [d_in,d_sae], W_dec [d_sae,d_in],
 * b_enc, b_dec) and {@code cfg.json} ({@code architecture: "topk"}, d_in, d_sae, k, apply_b_dec_to_input), with
 * recsae's provenance under {@code metadata}.
 */
public record SaeFiles(Map<String, FlatTensor> weights, ObjectNode cfg, Path dir) {
    public static final String WEIGHTS = "sae_weights.safetensors";
    public static final String CFG = "cfg.json";

    public int dIn() {
        return cfg.path("d_in").asInt();
    }

    public int dSae() {
        return cfg.path("d_sae").asInt();
    }

    public int k() {
        return cfg.path("k").asInt();
    }

    /** The SAELens v6 cfg.json for a TopK SAE. */
    public static ObjectNode cfg(int dIn, int dSae, int k, ObjectNode metadata) {
        ObjectNode cfg = Json.object();
        cfg.put("architecture", "topk");
        cfg.put("d_in", dIn);
        cfg.put("d_sae", dSae);
        cfg.put("k", k);
        cfg.put("dtype", "float32");
        cfg.put("device", "cpu");
        cfg.put("apply_b_dec_to_input", true);
        cfg.put("normalize_activations", "none");
        cfg.put("reshape_activations", "none");
        cfg.set("metadata", metadata);
        return cfg;
    }

    public void write(Path target) {
        new SafetensorsFile(weights, Map.of("format", "pt")).write(target.resolve(WEIGHTS));
        org.recsae.runtime.store.AtomicFiles.writeString(target.resolve(CFG), Json.write(cfg));
    }

    /** Reads and checks an SAE folder: the cfg's sizes must agree with every tensor's shape. */
    public static SaeFiles read(Path dir) {
        Path cfgFile = dir.resolve(CFG);
        Path weightsFile = dir.resolve(WEIGHTS);
        if (!Files.isRegularFile(cfgFile) || !Files.isRegularFile(weightsFile)) {
            throw new BadInputException("SAE folder " + dir + " needs " + CFG + " and " + WEIGHTS
                    + "; run 'recsae train' first");
        }
        JsonNode cfg = Json.read(cfgFile, "SAE config");
        if (!cfg.isObject() || !"topk".equals(cfg.path("architecture").asText())) {
            throw new BadInputException(cfgFile + ": expected architecture \"topk\", found " + cfg.path("architecture"));
        }
        int dIn = cfg.path("d_in").asInt(-1);
        int dSae = cfg.path("d_sae").asInt(-1);
        int k = cfg.path("k").asInt(-1);
        if (dIn < 1 || dSae < 1 || k < 1 || k > dSae) {
            throw new BadInputException(cfgFile + ": expected positive d_in, d_sae and 1 <= k <= d_sae, found d_in "
                    + dIn + ", d_sae " + dSae + ", k " + k);
        }
        SafetensorsFile weights = SafetensorsFile.read(weightsFile);
        checkShape(weights.require(TopKSae.W_ENC, weightsFile), weightsFile, TopKSae.W_ENC, dIn, dSae);
        checkShape(weights.require(TopKSae.W_DEC, weightsFile), weightsFile, TopKSae.W_DEC, dSae, dIn);
        checkShape(weights.require(TopKSae.B_ENC, weightsFile), weightsFile, TopKSae.B_ENC, dSae);
        checkShape(weights.require(TopKSae.B_DEC, weightsFile), weightsFile, TopKSae.B_DEC, dIn);
        return new SaeFiles(weights.tensors(), (ObjectNode) cfg, dir);
    }

    /** Reads an SAE and checks it fits activations of width {@code probeWidth}. */
    public static SaeFiles readFor(Path dir, int probeWidth, String probe) {
        SaeFiles sae = read(dir);
        if (sae.dIn() != probeWidth) {
            throw new BadInputException("SAE " + dir + " has d_in " + sae.dIn() + " but the probe '" + probe
                    + "' has width " + probeWidth + ": it was trained on another tensor or model");
        }
        return sae;
    }

    private static void checkShape(FlatTensor t, Path file, String name, long... expected) {
        if (!java.util.Arrays.equals(t.shape(), expected)) {
            throw new BadInputException(file + ": tensor '" + name + "' should have shape "
                    + java.util.Arrays.toString(expected) + " (from cfg.json), found " + java.util.Arrays.toString(t.shape()));
        }
    }
}
