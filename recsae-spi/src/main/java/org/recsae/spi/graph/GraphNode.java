package org.recsae.spi.graph;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One operator of an ONNX graph, read-only. */
public interface GraphNode {
    /** The node's name; may be empty in files that do not name their nodes. */
    String name();

    String opType();

    /** Operator domain; empty for the default ONNX domain. */
    String domain();

    /** Input tensor names in operator order; an empty string marks an omitted optional input. */
    List<String> inputs();

    List<String> outputs();

    Optional<Long> intAttribute(String attribute);

    Optional<List<Long>> intsAttribute(String attribute);

    Optional<Float> floatAttribute(String attribute);

    Optional<String> stringAttribute(String attribute);

    /** Subgraph attributes ({@code then_branch}, {@code else_branch}, {@code body}) by attribute name. */
    Map<String, GraphView> subgraphs();

    /**
     * Names this node's subgraphs read from enclosing scopes. For an {@code If} or {@code Loop} these are real data
     * dependencies even though they are not listed in {@link #inputs()}.
     */
    List<String> outerScopeReferences();
}
