package org.recsae.runtime.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.recsae.spi.BadInputException;
import org.recsae.spi.FlatTensor;

/** The safetensors reader and writer against bytes laid out by hand from the published format. */
class SafetensorsFileTest {

    /** 8-byte LE length, the JSON header (space padded to 8), then the data: built without the class under test. */
    private static byte[] handBuilt(String header, byte[] data) {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
        out.writeBytes(json);
        for (int i = json.length; i < padded; i++) {
            out.write(' ');
        }
        out.writeBytes(data);
        return out.toByteArray();
    }

    private static byte[] floats(float... v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            b.putFloat(f);
        }
        return b.array();
    }

    @Test
    void readsHandBuiltBytes() {
        byte[] data = new byte[24 + 8];
        System.arraycopy(floats(1, 2, 3, 4, 5, 6), 0, data, 0, 24);
        ByteBuffer.wrap(data, 24, 8).order(ByteOrder.LITTLE_ENDIAN).putLong(-7L);
        String header = "{\"__metadata__\":{\"format\":\"pt\"},\"w\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]},"
                + "\"n\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[24,32]}}";
        SafetensorsFile f = SafetensorsFile.parse(handBuilt(header, data), "hand");
        assertArrayEquals(new long[] {2, 3}, f.tensors().get("w").shape());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, f.tensors().get("w").floats());
        assertArrayEquals(new long[] {-7}, f.tensors().get("n").longs());
        assertEquals("pt", f.metadata().get("format"));
    }

    @Test
    void writesTheSameBytesAsTheHandLayout() {
        Map<String, FlatTensor> t = new LinkedHashMap<>();
        t.put("a", FlatTensor.ofFloats(new float[] {0.5f, -1.25f}, 2));
        t.put("b", FlatTensor.ofFloats(new float[] {3}, 1, 1));
        byte[] written = new SafetensorsFile(t, Map.of("k", "v")).toBytes();
        byte[] expected = handBuilt("{\"__metadata__\":{\"k\":\"v\"},\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1,1],\"data_offsets\":[8,12]}}", floats(0.5f, -1.25f, 3));
        assertArrayEquals(expected, written);
        assertEquals(0, (ByteBuffer.wrap(written).order(ByteOrder.LITTLE_ENDIAN).getLong() % 8));
    }

    @Test
    void rejectsBrokenFiles() {
        String ok = "{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
        byte[] good = handBuilt(ok, floats(1, 2));
        byte[] truncated = java.util.Arrays.copyOf(good, good.length - 4);
        assertTrue(assertThrows(BadInputException.class, () -> SafetensorsFile.parse(truncated, "t"))
                .getMessage().contains("data_offsets"));
        byte[] gap = handBuilt("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", floats(1, 2));
        assertTrue(assertThrows(BadInputException.class, () -> SafetensorsFile.parse(gap, "g"))
                .getMessage().contains("contiguous"));
        byte[] meta = handBuilt("{\"__metadata__\":{\"n\":3}," + ok.substring(1), floats(1, 2));
        assertTrue(assertThrows(BadInputException.class, () -> SafetensorsFile.parse(meta, "m"))
                .getMessage().contains("must be a string"));
        byte[] dtype = handBuilt("{\"w\":{\"dtype\":\"BF16\",\"shape\":[4],\"data_offsets\":[0,8]}}", floats(1, 2));
        assertTrue(assertThrows(BadInputException.class, () -> SafetensorsFile.parse(dtype, "d"))
                .getMessage().contains("BF16"));
        byte[] hugeHeader = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 40).array();
        assertTrue(assertThrows(BadInputException.class, () -> SafetensorsFile.parse(hugeHeader, "h"))
                .getMessage().contains("header length"));
    }
}
