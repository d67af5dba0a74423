package org.recsae.runtime.probe;

import org.recsae.runtime.graph.SessionGraph;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.recsae.runtime.graph.GraphTaps;
import org.recsae.runtime.graph.OnnxModelFile;
import org.recsae.runtime.graph.OnnxTypes;
import org.recsae.runtime.ort.OrtModel;
import org.recsae.spi.EncodedBatch;
import org.recsae.spi.FlatTensor;
import org.recsae.spi.InputRole;
import org.recsae.spi.ModelSignature;
import org.recsae.spi.PaddingSide;
import org.recsae.spi.RecommenderPlugin;
import org.recsae.spi.graph.GraphNode;
import org.recsae.spi.graph.TensorShape;
import org.recsae.spi.graph.TensorSpec;

/**
 * Shapes and values of every main-graph tensor, seen by running the model on two small synthetic batches (sizes 2
 * and 3). A dimension that follows the batch size is marked {@code batch}; the others are concrete. Exports often
 * leave intermediate shapes undeclared, and discovery needs ranks.
 *
 * @param specs every observed tensor, with the batch axis symbolic
 * @param values float and int64 values from the batch of three
 * @param batch the batch of three as fed
 * @param histories its unpadded histories
 */
public record ShapeObservation(Map<String, TensorSpec> specs, Map<String, FlatTensor> values, EncodedBatch batch,
                               List<int[]> histories) {
    static final int BATCH = 3;

    /** An initializer this big marks a model whose weight-only tensors are not worth fetching (2 GiB at most). */
    static final long LARGE_WEIGHTS = 256L << 20;

    /**
     * Tensors computed from weights alone (a transposed item table, say), in a model whose weights include one of
     * {@link #LARGE_WEIGHTS} or more: fetching them would copy gigabytes, over Java's 2 GiB buffer limit for a
     * million-item table, and discovery only needs the shapes of what depends on the inputs. Smaller models keep
     * every tensor observed.
     */
    static Set<String> largeConstants(OnnxModelFile model) {
        Set<String> constant = new java.util.HashSet<>();
        boolean large = false;
        for (ai.onnx.proto.OnnxMl.TensorProto t : model.proto().getGraph().getInitializerList()) {
            constant.add(t.getName());
            large |= OnnxTypes.byteSize(t) >= LARGE_WEIGHTS;
        }
        if (!large) {
            return Set.of();
        }
        Set<String> out = new java.util.HashSet<>();
        for (GraphNode node : model.graph().nodes()) {
            boolean fromWeights = node.subgraphs().isEmpty()
                    && node.inputs().stream().allMatch(in -> in.isEmpty() || constant.contains(in));
            if (fromWeights) {
                for (String o : node.outputs()) {
                    constant.add(o);
                    out.add(o);
                }
            }
        }
        return out;
    }

    public static ShapeObservation run(OnnxModelFile model, RecommenderPlugin plugin, ModelSignature signature) {
        // Padding side only changes which columns hold items, not any shape; right is a safe default for observing.
        ModelSignature encodable = signature.paddingSide().isPresent() ? signature
                : signature.withPaddingSide(PaddingSide.RIGHT, signature.paddingEvidence());
        Set<String> tensors = new LinkedHashSet<>();
        for (GraphNode node : model.graph().nodes()) {
            for (String out : node.outputs()) {
                if (!out.isEmpty()) {
                    tensors.add(out);
                }
            }
        }
        model.graph().outputs().forEach(o -> tensors.add(o.name()));
        tensors.removeAll(largeConstants(model));
        SessionGraph tapped = SessionGraph.of(model, GraphTaps.withOutputs(model.proto(), model.graph(), tensors));
        Map<String, TensorSpec> small = new HashMap<>();
        Map<String, TensorSpec> large = new HashMap<>();
        Map<String, FlatTensor> values;
        List<int[]> histories = SyntheticHistories.make(encodable, BATCH, 17);
        EncodedBatch batch = plugin.encode(encodable, histories, candidatesFor(encodable, BATCH));
        try (OrtModel session = OrtModel.load(tapped, model.path() + " (every tensor tapped)", 1)) {
            List<int[]> two = SyntheticHistories.make(encodable, 2, 29);
            session.run(plugin.encode(encodable, two, candidatesFor(encodable, 2)), tensors, small);
            values = session.run(batch, tensors, large);
        }
        Map<String, TensorSpec> specs = new HashMap<>();
        for (Map.Entry<String, TensorSpec> e : large.entrySet()) {
            TensorSpec other = small.get(e.getKey());
            TensorShape shape = e.getValue().shape();
            if (other != null && other.shape().rank() == shape.rank()) {
                for (int i = 0; i < shape.rank(); i++) {
                    if (shape.dim(i) != other.shape().dim(i)) {
                        shape = shape.withSymbol(i, batchSymbol(shape.dim(i), other.shape().dim(i)));
                    }
                }
            }
            specs.put(e.getKey(), new TensorSpec(e.getKey(), e.getValue().elementType(), shape));
        }
        return new ShapeObservation(specs, values, batch, new ArrayList<>(histories));
    }

    /** "batch" for a dimension equal to the batch size, "batch*k" for one k times it, else "dynamic". */
    private static String batchSymbol(long atThree, long atTwo) {
        if (atThree % BATCH == 0 && atTwo == 2 * (atThree / BATCH)) {
            long k = atThree / BATCH;
            return k == 1 ? "batch" : "batch*" + k;
        }
        return "dynamic";
    }

    private static int[][] candidatesFor(ModelSignature signature, int batch) {
        return signature.hasInput(InputRole.CANDIDATES) ? SyntheticHistories.candidates(signature, batch, 7, 3) : null;
    }
}
