package org.recsae.runtime.sae;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.recsae.runtime.store.AtomicFiles;
import org.recsae.runtime.store.Json;
import org.recsae.runtime.store.RunDirectory;
import org.recsae.runtime.store.SafetensorsFile;
import org.recsae.spi.FlatTensor;

/** Writes a run's SAE in the layouts other SAE tools load. */
public final class SaeExport {
    private SaeExport() {
    }

    /** SAELens v6: the run's own files, copied. */
    public static void saelens(RunDirectory run, Path out) {
        SaeFiles sae = SaeFiles.read(run.stageDir("sae"));
        sae.write(out);
    }

    /**
     * sparsify: {@code sae.safetensors} with {@code encoder.weight} [d_sae, d_in], {@code encoder.bias}, {@code W_dec}
     * [d_sae, d_in] and {@code b_dec}, and a {@code cfg.json} with {@code d_in}, {@code k}, {@code num_latents}.
     */
    public static void sparsify(RunDirectory run, Path out) {
        SaeFiles sae = SaeFiles.read(run.stageDir("sae"));
        FlatTensor wEnc = sae.weights().get(TopKSae.W_ENC);
        int dIn = sae.dIn();
        int dSae = sae.dSae();
        float[] src = wEnc.floats();
        float[] transposed = new float[src.length];
        for (int i = 0; i < dIn; i++) {
            for (int j = 0; j < dSae; j++) {
                transposed[j * dIn + i] = src[i * dSae + j];
            }
        }
        Map<String, FlatTensor> t = new LinkedHashMap<>();
        t.put("encoder.weight", FlatTensor.ofFloats(transposed, dSae, dIn));
        t.put("encoder.bias", sae.weights().get(TopKSae.B_ENC));
        t.put("W_dec", sae.weights().get(TopKSae.W_DEC));
        t.put("b_dec", sae.weights().get(TopKSae.B_DEC));
        new SafetensorsFile(t, Map.of("format", "pt")).write(out.resolve("sae.safetensors"));
        ObjectNode cfg = Json.object();
        cfg.put("d_in", dIn);
        cfg.put("k", sae.k());
        cfg.put("num_latents", dSae);
        cfg.put("expansion_factor", dSae / dIn);
        cfg.put("normalize_decoder", true);
        cfg.put("signed", false);
        cfg.set("recsae", sae.cfg().path("metadata").deepCopy());
        AtomicFiles.writeString(out.resolve("cfg.json"), Json.write(cfg));
    }
}
