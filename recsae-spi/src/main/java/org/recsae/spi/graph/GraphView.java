package org.recsae.spi.graph;

import java.util.List;
import java.util.Optional;

/**
 * A read-only view of an ONNX graph, or of one subgraph of an {@code If}/{@code Loop} node. The runtime implements
 * it over the ONNX protobuf; plugins only read it.
 */
public interface GraphView {
    /** The graph's real inputs (initializers that are also listed as inputs are not included). */
    List<TensorSpec> inputs();

    List<TensorSpec> outputs();

    /** Nodes in the file's order, which ONNX requires to be topological. */
    List<GraphNode> nodes();

    /** The initializer of that name, if any (its shape is always known). */
    Optional<TensorSpec> initializer(String tensor);

    /** The node that produces {@code tensor} in this graph, or empty for inputs, initializers and outer references. */
    Optional<GraphNode> producer(String tensor);

    /** Nodes of this graph that read {@code tensor}, including nodes whose subgraphs read it. */
    List<GraphNode> consumers(String tensor);

    /** Whatever is known about a tensor's type and shape: declared, inferred, or observed by running the model. */
    Optional<TensorSpec> tensorInfo(String tensor);

    /** Opset of the default ONNX domain. */
    long opsetVersion();

    /** True for a subgraph of an {@code If}/{@code Loop}; its outer references resolve in the enclosing graph. */
    boolean isSubgraph();

    default Optional<TensorSpec> input(String name) {
        return inputs().stream().filter(t -> t.name().equals(name)).findFirst();
    }
}
