package org.recsae.spi.graph;

import java.util.Objects;

/** A named tensor with its element type and (possibly partial) shape. */
public record TensorSpec(String name, ElementType elementType, TensorShape shape) {
    public TensorSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(elementType, "elementType");
        Objects.requireNonNull(shape, "shape");
    }

    @Override
    public String toString() {
        return name + ":" + elementType.name().toLowerCase(java.util.Locale.ROOT) + shape;
    }
}
