package org.recsae.spi.graph;

/** The tensor element types recsae reads and writes; everything else is reported as {@link #OTHER}. */
public enum ElementType {
    FLOAT32, FLOAT64, INT32, INT64, BOOL, OTHER;

    public boolean isInteger() {
        return this == INT32 || this == INT64;
    }

    public boolean isFloating() {
        return this == FLOAT32 || this == FLOAT64;
    }
}
