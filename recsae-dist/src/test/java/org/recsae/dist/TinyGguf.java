package org.recsae.dist;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Writes a tiny llama-architecture GGUF (GGUF v3, float32) with random weights: one block, width 32, a
 * SentencePiece-style vocabulary of control tokens, the 256 byte tokens and the digits, and a ChatML chat template.
 * It says nothing sensible, but llama.cpp loads it, applies its template and samples under a grammar, which is
 * what a test of the in-process backend needs. About 0.2 MB.
 */
final class TinyGguf {
    private static final int EMBD = 32;
    private static final int FF = 64;
    private static final int HEADS = 2;
    private static final int ALIGN = 32;
    private static final String CHATML = "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + "
            + "message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}{% if add_generation_prompt %}"
            + "{{ '<|im_start|>assistant\\n' }}{% endif %}";

    private TinyGguf() {
    }

    private static final class Out {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        void u32(long v) {
            bytes.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) v).array());
        }

        void u64(long v) {
            bytes.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array());
        }

        void f32(float v) {
            bytes.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(v).array());
        }

        void str(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            u64(b.length);
            bytes.writeBytes(b);
        }

        void pad() {
            while (bytes.size() % ALIGN != 0) {
                bytes.write(0);
            }
        }
    }

    static Path write(Path file) throws IOException {
        List<String> tokens = new ArrayList<>(List.of("<unk>", "<s>", "</s>", "<|im_start|>", "<|im_end|>"));
        List<Integer> types = new ArrayList<>(List.of(2, 3, 3, 3, 3));
        for (int b = 0; b < 256; b++) {
            tokens.add(String.format("<0x%02X>", b));
            types.add(6);
        }
        for (String piece : List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "\u2581", "\u2581a")) {
            tokens.add(piece);
            types.add(1);
        }
        int vocab = tokens.size();

        Map<String, long[]> shapes = new LinkedHashMap<>();
        shapes.put("token_embd.weight", new long[] {EMBD, vocab});
        shapes.put("output_norm.weight", new long[] {EMBD});
        shapes.put("output.weight", new long[] {EMBD, vocab});
        shapes.put("blk.0.attn_norm.weight", new long[] {EMBD});
        shapes.put("blk.0.attn_q.weight", new long[] {EMBD, EMBD});
        shapes.put("blk.0.attn_k.weight", new long[] {EMBD, EMBD});
        shapes.put("blk.0.attn_v.weight", new long[] {EMBD, EMBD});
        shapes.put("blk.0.attn_output.weight", new long[] {EMBD, EMBD});
        shapes.put("blk.0.ffn_norm.weight", new long[] {EMBD});
        shapes.put("blk.0.ffn_gate.weight", new long[] {EMBD, FF});
        shapes.put("blk.0.ffn_up.weight", new long[] {EMBD, FF});
        shapes.put("blk.0.ffn_down.weight", new long[] {FF, EMBD});

        Out o = new Out();
        o.bytes.writeBytes("GGUF".getBytes(StandardCharsets.US_ASCII));
        o.u32(3);
        o.u64(shapes.size());
        List<Runnable> kv = new ArrayList<>();
        kv.add(() -> stringKv(o, "general.architecture", "llama"));
        kv.add(() -> stringKv(o, "general.name", "recsae-test-tiny"));
        kv.add(() -> u32Kv(o, "general.alignment", ALIGN));
        kv.add(() -> u32Kv(o, "llama.context_length", 2048));
        kv.add(() -> u32Kv(o, "llama.embedding_length", EMBD));
        kv.add(() -> u32Kv(o, "llama.block_count", 1));
        kv.add(() -> u32Kv(o, "llama.feed_forward_length", FF));
        kv.add(() -> u32Kv(o, "llama.attention.head_count", HEADS));
        kv.add(() -> u32Kv(o, "llama.attention.head_count_kv", HEADS));
        kv.add(() -> u32Kv(o, "llama.rope.dimension_count", EMBD / HEADS));
        kv.add(() -> {
            o.str("llama.attention.layer_norm_rms_epsilon");
            o.u32(6);
            o.f32(1e-5f);
        });
        kv.add(() -> stringKv(o, "tokenizer.ggml.model", "llama"));
        kv.add(() -> {
            o.str("tokenizer.ggml.tokens");
            o.u32(9);
            o.u32(8);
            o.u64(tokens.size());
            tokens.forEach(o::str);
        });
        kv.add(() -> {
            o.str("tokenizer.ggml.scores");
            o.u32(9);
            o.u32(6);
            o.u64(tokens.size());
            tokens.forEach(t -> o.f32(0f));
        });
        kv.add(() -> {
            o.str("tokenizer.ggml.token_type");
            o.u32(9);
            o.u32(5);
            o.u64(types.size());
            types.forEach(t -> o.u32(t));
        });
        kv.add(() -> u32Kv(o, "tokenizer.ggml.bos_token_id", 1));
        kv.add(() -> u32Kv(o, "tokenizer.ggml.eos_token_id", 4));
        kv.add(() -> u32Kv(o, "tokenizer.ggml.unknown_token_id", 0));
        kv.add(() -> stringKv(o, "tokenizer.chat_template", CHATML));
        o.u64(kv.size());
        kv.forEach(Runnable::run);

        long offset = 0;
        for (Map.Entry<String, long[]> t : shapes.entrySet()) {
            o.str(t.getKey());
            o.u32(t.getValue().length);
            for (long d : t.getValue()) {
                o.u64(d);
            }
            o.u32(0); // F32
            o.u64(offset);
            offset += align(4 * count(t.getValue()));
        }
        o.pad();
        Random random = new Random(5);
        for (Map.Entry<String, long[]> t : shapes.entrySet()) {
            boolean norm = t.getKey().endsWith("norm.weight");
            for (long i = 0; i < count(t.getValue()); i++) {
                o.f32(norm ? 1f : (float) (random.nextGaussian() * 0.1));
            }
            o.pad();
        }
        return Files.write(file, o.bytes.toByteArray());
    }

    private static long count(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    private static long align(long n) {
        return (n + ALIGN - 1) / ALIGN * ALIGN;
    }

    private static void stringKv(Out o, String key, String value) {
        o.str(key);
        o.u32(8);
        o.str(value);
    }

    private static void u32Kv(Out o, String key, long value) {
        o.str(key);
        o.u32(4);
        o.u32(value);
    }
}
