package org.recsae.spi;

import java.util.Arrays;
import java.util.Objects;
import org.recsae.spi.graph.ElementType;

/**
 * A dense tensor as one flat primitive array in C order plus its shape: what plugins hand to the runtime and get
 * back, so the SPI needs no tensor library.
 */
public final class FlatTensor {
    private final ElementType type;
    private final long[] shape;
    private final long[] longs;
    private final float[] floats;

    private FlatTensor(ElementType type, long[] shape, long[] longs, float[] floats) {
        this.type = type;
        this.shape = shape.clone();
        this.longs = longs;
        this.floats = floats;
        long expected = elementCount(shape);
        long actual = longs != null ? longs.length : floats.length;
        if (expected != actual) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + expected
                    + " elements but the data array has " + actual);
        }
    }

    public static FlatTensor ofLongs(long[] data, long... shape) {
        return new FlatTensor(ElementType.INT64, shape, Objects.requireNonNull(data), null);
    }

    public static FlatTensor ofFloats(float[] data, long... shape) {
        return new FlatTensor(ElementType.FLOAT32, shape, null, Objects.requireNonNull(data));
    }

    public static long elementCount(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    public ElementType type() {
        return type;
    }

    public long[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    public long dim(int i) {
        return shape[i];
    }

    /** The backing array (not copied: tensors are large). Only for {@link ElementType#INT64}. */
    public long[] longs() {
        if (longs == null) {
            throw new IllegalStateException("tensor is " + type + ", not INT64");
        }
        return longs;
    }

    /** The backing array (not copied: tensors are large). Only for {@link ElementType#FLOAT32}. */
    public float[] floats() {
        if (floats == null) {
            throw new IllegalStateException("tensor is " + type + ", not FLOAT32");
        }
        return floats;
    }

    @Override
    public String toString() {
        return type + Arrays.toString(shape);
    }
}
