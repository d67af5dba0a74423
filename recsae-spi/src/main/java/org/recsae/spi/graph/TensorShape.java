package org.recsae.spi.graph;

import java.util.Arrays;
import java.util.Objects;

/**
 * A tensor shape whose dimensions may be unknown ({@code -1}) or symbolic (a name such as {@code "batch"}).
 * Immutable; {@link #unknownRank()} stands for "no shape information at all".
 */
public final class TensorShape {
    private static final TensorShape UNKNOWN_RANK = new TensorShape(null, null);

    private final long[] dims;
    private final String[] symbols;

    private TensorShape(long[] dims, String[] symbols) {
        this.dims = dims;
        this.symbols = symbols;
    }

    public static TensorShape unknownRank() {
        return UNKNOWN_RANK;
    }

    /** A shape with concrete sizes; {@code -1} marks an unknown dimension. */
    public static TensorShape of(long... dims) {
        return new TensorShape(dims.clone(), new String[dims.length]);
    }

    /** A shape with sizes and, where a size is {@code -1}, an optional symbolic name (null if none). */
    public static TensorShape of(long[] dims, String[] symbols) {
        if (dims.length != symbols.length) {
            throw new IllegalArgumentException("dims and symbols differ in length: " + dims.length + " vs " + symbols.length);
        }
        return new TensorShape(dims.clone(), symbols.clone());
    }

    public boolean hasRank() {
        return dims != null;
    }

    /** Rank, or -1 when unknown. */
    public int rank() {
        return dims == null ? -1 : dims.length;
    }

    /** Size of dimension {@code i}, or -1 when unknown or symbolic. */
    public long dim(int i) {
        return dims[i];
    }

    /** Symbolic name of dimension {@code i}, or null. */
    public String symbol(int i) {
        return symbols[i];
    }

    public long[] dims() {
        return dims == null ? null : dims.clone();
    }

    public boolean isFullyKnown() {
        if (dims == null) {
            return false;
        }
        for (long d : dims) {
            if (d < 0) {
                return false;
            }
        }
        return true;
    }

    /** Same dimension {@code i} replaced by an unknown of the given symbol; used to mark the batch axis. */
    public TensorShape withSymbol(int i, String symbol) {
        long[] d = dims.clone();
        String[] s = symbols.clone();
        d[i] = -1;
        s[i] = symbol;
        return new TensorShape(d, s);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TensorShape)) {
            return false;
        }
        TensorShape other = (TensorShape) o;
        return Arrays.equals(dims, other.dims) && Arrays.equals(symbols, other.symbols);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(dims), Arrays.hashCode(symbols));
    }

    /** Renders as {@code [batch,50,64]}; unknown dimensions show as {@code ?}. */
    @Override
    public String toString() {
        if (dims == null) {
            return "[?...]";
        }
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < dims.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            if (dims[i] >= 0) {
                sb.append(dims[i]);
            } else if (symbols[i] != null && !symbols[i].isEmpty()) {
                sb.append(symbols[i]);
            } else {
                sb.append('?');
            }
        }
        return sb.append(']').toString();
    }
}
