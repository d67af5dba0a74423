package org.recsae.runtime.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsae.runtime.descriptor.DescriptorReader;
import org.recsae.runtime.pipeline.PipelineConfig;
import org.recsae.runtime.store.NpyReader;
import org.recsae.runtime.store.NpyShardWriter;
import org.recsae.runtime.store.SafetensorsFile;
import org.recsae.spi.FlatTensor;
import org.recsae.spi.RecsaeException;

/**
 * Seeded mutation fuzzing of every parser that reads a user's files: .npy shards, safetensors, model descriptors and
 * pipeline configs. Each mutated input must either parse or fail with one of recsae's own exceptions (a clear
 * message, an exit code); anything else escaping is a bug. A failure names the seed and case to replay.
 */
class ParserFuzzTest {
    private static final int CASES = Integer.getInteger("recsae.fuzz.cases", 3000);
    private static final long SEED = Long.getLong("recsae.fuzz.seed", 20261204L);

    @TempDir
    Path dir;

    interface Parser {
        void parse(Path file) throws Exception;
    }

    private int fuzz(String what, byte[] valid, String fileName, Parser parser) throws IOException {
        Path file = dir.resolve(fileName);
        Files.write(file, valid);
        try {
            parser.parse(file);
        } catch (Exception e) {
            fail(what + ": the valid seed input does not parse: " + e);
        }
        SplittableRandom random = new SplittableRandom(SEED ^ what.hashCode());
        int rejected = 0;
        for (int c = 0; c < CASES; c++) {
            byte[] input = Mutator.mutate(valid, random);
            Files.write(file, input);
            try {
                parser.parse(file);
            } catch (RecsaeException expected) {
                rejected++;
            } catch (Throwable t) {
                AssertionError e = new AssertionError(what + ", seed " + SEED + ", case " + c + " (" + input.length
                        + " bytes): " + t + " escaped instead of a recsae error");
                e.initCause(t);
                throw e;
            }
        }
        assertTrue(rejected > CASES / 20, what + ": only " + rejected + " of " + CASES + " mutants were rejected");
        return rejected;
    }

    @Test
    void npyShards() throws Exception {
        Path seed = dir.resolve("seed.npy");
        try (NpyShardWriter w = new NpyShardWriter(seed, 4)) {
            w.write(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, 0, 3);
        }
        fuzz("npy", Files.readAllBytes(seed), "shard.npy", f -> {
            NpyReader.Header h = NpyReader.header(f);
            int rows = (int) Math.min(h.rows(), 8);
            NpyReader.readRows(f, h, 0, rows, new float[rows * h.width()]);
        });
    }

    @Test
    void safetensors() throws Exception {
        Map<String, FlatTensor> t = new LinkedHashMap<>();
        t.put("W_enc", FlatTensor.ofFloats(new float[] {1, 2, 3, 4, 5, 6}, 2, 3));
        t.put("b_dec", FlatTensor.ofFloats(new float[] {0.5f, -1}, 2));
        byte[] valid = new SafetensorsFile(t, Map.of("format", "pt")).toBytes();
        fuzz("safetensors", valid, "sae.safetensors", SafetensorsFile::read);
    }

    @Test
    void descriptors() throws Exception {
        Files.writeString(dir.resolve("ids.csv"), "raw_id,index\n1,1\n2,2\n");
        byte[] valid = ("{\"version\": 1, \"plugin\": \"sasrec\", \"inputs\": {\"history\": \"history\", \"lengths\": "
                + "\"lengths\"}, \"output\": \"scores\", \"padding_id\": 0, \"padding_side\": \"right\", "
                + "\"max_length\": 50, \"item_id_map\": \"ids.csv\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        fuzz("descriptor", valid, "model.descriptor.json", DescriptorReader::read);
    }

    @Test
    void pipelineConfigs() throws Exception {
        byte[] valid = ("{\"version\": 1, \"run\": \"runs/x\", \"capture\": {\"model\": \"m.onnx\", \"data\": \"d\", "
                + "\"batch\": 64}, \"train\": {\"k\": 16, \"lr\": 0.001}, \"interpret\": {\"latents\": \"all\", "
                + "\"interpreter_option\": {\"terms\": 8}}, \"steer\": {\"set\": [\"3=5\"], \"runtime_scale\": true, "
                + "\"out\": \"s.onnx\"}, \"report\": {}}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        fuzz("pipeline config", valid, "pipeline.json", f -> PipelineConfig.read(f, Optional.empty()));
    }
}
