package org.recsae.spi;

/** Where padding ids sit in a history row. */
public enum PaddingSide {
    /** Padding first, newest item in the last column: {@code [0 0 i1 i2 i3]}. */
    LEFT,
    /** Items first, then padding: {@code [i1 i2 i3 0 0]}; the newest item is at {@code lengths-1}. */
    RIGHT;

    /** The column, in a row of {@code length}, of the {@code j}-th of a history's {@code valid} items. */
    public int column(int length, int valid, int j) {
        return this == RIGHT ? j : length - valid + j;
    }

    public String jsonName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
