package org.recsae.runtime.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.recsae.spi.BadInputException;
import org.recsae.spi.FlatTensor;
import org.recsae.spi.graph.ElementType;

/**
 * The safetensors format: an 8-byte little-endian header length, a JSON header mapping each tensor name to its
 * {@code dtype}, {@code shape} and {@code data_offsets} (relative to the data section, contiguous, covering it
 * exactly), an optional {@code __metadata__} object of strings, then the little-endian data. Only F32 and I64 are
 * read and written, which is all recsae stores.
 */
public final class SafetensorsFile {
    private static final long MAX_HEADER = 100L << 20;

    private final Map<String, FlatTensor> tensors;
    private final Map<String, String> metadata;

    public SafetensorsFile(Map<String, FlatTensor> tensors, Map<String, String> metadata) {
        this.tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    public Map<String, FlatTensor> tensors() {
        return tensors;
    }

    public Map<String, String> metadata() {
        return metadata;
    }

    /** The tensor of that name; a missing one is bad input naming the file. */
    public FlatTensor require(String name, Path file) {
        FlatTensor t = tensors.get(name);
        if (t == null) {
            throw new BadInputException(file + ": expected a tensor named '" + name + "', found " + tensors.keySet());
        }
        return t;
    }

    /** The file's bytes: header padded with spaces to a multiple of 8, then each tensor in insertion order. */
    public byte[] toBytes() {
        ObjectNode header = Json.MAPPER.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = header.putObject("__metadata__");
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (Map.Entry<String, FlatTensor> e : tensors.entrySet()) {
            FlatTensor t = e.getValue();
            long bytes = FlatTensor.elementCount(t.shape()) * (t.type() == ElementType.INT64 ? 8 : 4);
            ObjectNode entry = header.putObject(e.getKey());
            entry.put("dtype", dtype(t.type()));
            ArrayNode shape = entry.putArray("shape");
            for (long d : t.shape()) {
                shape.add(d);
            }
            entry.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }
        byte[] json;
        try {
            json = Json.MAPPER.writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsBytes(header);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(8 + padded + offset)).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(padded);
        out.put(json);
        for (int i = json.length; i < padded; i++) {
            out.put((byte) ' ');
        }
        for (FlatTensor t : tensors.values()) {
            if (t.type() == ElementType.INT64) {
                for (long v : t.longs()) {
                    out.putLong(v);
                }
            } else {
                for (float v : t.floats()) {
                    out.putFloat(v);
                }
            }
        }
        return out.array();
    }

    public void write(Path file) {
        AtomicFiles.writeBytes(file, toBytes());
    }

    private static String dtype(ElementType t) {
        switch (t) {
            case FLOAT32:
                return "F32";
            case INT64:
                return "I64";
            default:
                throw new IllegalArgumentException("safetensors: unsupported element type " + t);
        }
    }

    public static SafetensorsFile read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new BadInputException("cannot read safetensors file " + file + ": " + e.getMessage(), e);
        }
        return parse(bytes, file.toString());
    }

    /** Parses and validates; every error names {@code where} and what was wrong. */
    public static SafetensorsFile parse(byte[] bytes, String where) {
        if (bytes.length < 8) {
            throw new BadInputException(where + ": " + bytes.length + " bytes is too short for a safetensors file");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = buf.getLong(0);
        if (headerLength <= 0 || headerLength > MAX_HEADER || 8 + headerLength > bytes.length) {
            throw new BadInputException(where + ": header length " + headerLength + " does not fit in the file of "
                    + bytes.length + " bytes");
        }
        JsonNode header;
        try {
            header = Json.MAPPER.readTree(new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new BadInputException(where + ": the header is not valid JSON (" + e.getMessage() + ")", e);
        }
        if (header == null || !header.isObject()) {
            throw new BadInputException(where + ": the header must be a JSON object");
        }
        long dataStart = 8 + headerLength;
        long dataLength = bytes.length - dataStart;
        Map<String, String> metadata = new LinkedHashMap<>();
        Map<String, long[]> ranges = new LinkedHashMap<>();
        Map<String, FlatTensor> tensors = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("__metadata__")) {
                for (Iterator<Map.Entry<String, JsonNode>> m = e.getValue().fields(); m.hasNext(); ) {
                    Map.Entry<String, JsonNode> kv = m.next();
                    if (!kv.getValue().isTextual()) {
                        throw new BadInputException(where + ": __metadata__ value '" + kv.getKey()
                                + "' must be a string, found " + kv.getValue());
                    }
                    metadata.put(kv.getKey(), kv.getValue().asText());
                }
                continue;
            }
            JsonNode entry = e.getValue();
            String name = e.getKey();
            String dtype = entry.path("dtype").asText();
            int size;
            if (dtype.equals("F32")) {
                size = 4;
            } else if (dtype.equals("I64")) {
                size = 8;
            } else {
                throw new BadInputException(where + ": tensor '" + name + "' has dtype '" + dtype + "'; recsae reads F32 and I64");
            }
            JsonNode shapeNode = entry.path("shape");
            JsonNode offsets = entry.path("data_offsets");
            if (!shapeNode.isArray() || !offsets.isArray() || offsets.size() != 2) {
                throw new BadInputException(where + ": tensor '" + name + "' needs a 'shape' array and two 'data_offsets'");
            }
            long[] shape = new long[shapeNode.size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = shapeNode.get(i).asLong(-1);
                if (shape[i] < 0) {
                    throw new BadInputException(where + ": tensor '" + name + "' has a negative or invalid dimension " + shapeNode);
                }
            }
            long begin = offsets.get(0).asLong(-1);
            long end = offsets.get(1).asLong(-1);
            long expected = FlatTensor.elementCount(shape) * size;
            if (begin < 0 || end < begin || end > dataLength || end - begin != expected) {
                throw new BadInputException(where + ": tensor '" + name + "' has data_offsets [" + begin + ", " + end
                        + "] but shape " + shapeNode + " of " + dtype + " needs " + expected + " bytes within a data section of "
                        + dataLength + " bytes");
            }
            ranges.put(name, new long[] {begin, end});
            ByteBuffer slice = ByteBuffer.wrap(bytes, (int) (dataStart + begin), (int) expected).slice()
                    .order(ByteOrder.LITTLE_ENDIAN);
            if (size == 4) {
                float[] data = new float[(int) (expected / 4)];
                slice.asFloatBuffer().get(data);
                tensors.put(name, FlatTensor.ofFloats(data, shape));
            } else {
                long[] data = new long[(int) (expected / 8)];
                slice.asLongBuffer().get(data);
                tensors.put(name, FlatTensor.ofLongs(data, shape));
            }
        }
        long covered = 0;
        for (long[] r : ranges.values().stream().sorted((a, b) -> Long.compare(a[0], b[0])).toList()) {
            if (r[0] != covered) {
                throw new BadInputException(where + ": tensor data is not contiguous (a gap or overlap at byte " + covered + ")");
            }
            covered = r[1];
        }
        if (covered != dataLength) {
            throw new BadInputException(where + ": the tensors cover " + covered + " bytes of a " + dataLength
                    + "-byte data section");
        }
        return new SafetensorsFile(tensors, metadata);
    }
}
