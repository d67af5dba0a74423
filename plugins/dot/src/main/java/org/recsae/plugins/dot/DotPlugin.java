package org.recsae.plugins.dot;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.recsae.spi.InputRole;
import org.recsae.spi.ModelDescriptor;
import org.recsae.spi.ModelSignature;
import org.recsae.spi.PaddingSide;
import org.recsae.spi.ProbeCandidate;
import org.recsae.spi.ProbeRole;
import org.recsae.spi.Recognition;
import org.recsae.spi.RecommenderPlugin;
import org.recsae.spi.graph.GraphQueries;
import org.recsae.spi.graph.GraphView;
import org.recsae.spi.graph.ItemTable;
import org.recsae.spi.graph.ScoringAnalysis;
import org.recsae.spi.graph.ScoringOp;
import org.recsae.spi.graph.TensorSpec;
import org.recsae.spi.graph.UserStatePath;

/**
 * Any recommender that scores a user state against an item table with a dot product (MatMul, Gemm or
 * Mul+ReduceSum), whatever computes the user state. The descriptor says which input is the history; the user
 * state is the [B,D] operand of the scoring op. Used only when chosen, since almost every model scores this way.
 */
public final class DotPlugin implements RecommenderPlugin {
    public static final String NAME = "dot";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String version() {
        return "1";
    }

    @Override
    public boolean onlyWhenChosen() {
        return true;
    }

    @Override
    public Recognition recognize(GraphView graph, ModelDescriptor descriptor) {
        Map<InputRole, String> roles = new EnumMap<>(InputRole.class);
        for (Map.Entry<InputRole, String> e : descriptor.inputs().entrySet()) {
            if (graph.input(e.getValue()).isEmpty()) {
                return Recognition.rejected("descriptor field 'inputs." + e.getKey().jsonName() + "' names input '"
                        + e.getValue() + "', but the model's inputs are " + graph.inputs());
            }
            roles.put(e.getKey(), e.getValue());
        }
        if (!roles.containsKey(InputRole.HISTORY)) {
            Optional<String> only = single(graph, 2);
            if (only.isEmpty()) {
                return Recognition.rejected("set 'inputs.history' in the descriptor: the model has no single integer"
                        + " [B,L] input (inputs " + graph.inputs() + ")");
            }
            roles.put(InputRole.HISTORY, only.get());
        }
        if (!roles.containsKey(InputRole.LENGTHS)) {
            single(graph, 1).ifPresent(l -> roles.put(InputRole.LENGTHS, l));
        }
        Optional<String> output = descriptor.output().or(() -> singleScoreOutput(graph));
        if (output.isEmpty() || graph.outputs().stream().noneMatch(o -> o.name().equals(output.get()))) {
            return Recognition.rejected("set 'output' in the descriptor to the score output; outputs are " + graph.outputs());
        }
        String history = roles.get(InputRole.HISTORY);
        String[] why = new String[1];
        Optional<ScoringOp> scoring = ScoringAnalysis.find(graph, output.get(),
                (operand, inputs) -> inputs.contains(history), why);
        if (scoring.isEmpty()) {
            return Recognition.rejected(why[0]);
        }
        ScoringOp op = scoring.get();
        for (String in : op.itemInputs()) {
            if (!roles.containsValue(in)) {
                roles.put(InputRole.CANDIDATES, in);
            }
        }
        Optional<long[]> table = ItemTable.dims(graph, op);
        if (table.isEmpty()) {
            return Recognition.rejected("cannot find the item table (a rank-2 initializer) behind '" + op.itemOperand()
                    + "' of " + op.node());
        }
        TensorSpec historySpec = graph.input(history).orElseThrow();
        int maxLength;
        if (descriptor.maxLength().isPresent()) {
            maxLength = descriptor.maxLength().get();
        } else if (historySpec.shape().rank() == 2 && historySpec.shape().dim(1) > 0) {
            maxLength = (int) historySpec.shape().dim(1);
        } else {
            return Recognition.rejected("set 'max_length' in the descriptor: input '" + history + "' has shape "
                    + historySpec.shape());
        }
        Optional<PaddingSide> side = descriptor.paddingSide();
        return Recognition.accepted(new ModelSignature(roles, output.get(), maxLength, descriptor.paddingId().orElse(0),
                side, side.isPresent() ? "stated in the model descriptor"
                : "not stated; to be settled numerically where the model has per-position states",
                (int) table.get()[0], (int) table.get()[1]));
    }

    private static Optional<String> single(GraphView graph, int rank) {
        List<String> found = new ArrayList<>();
        for (TensorSpec in : graph.inputs()) {
            if (in.elementType().isInteger() && in.shape().rank() == rank) {
                found.add(in.name());
            }
        }
        return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
    }

    private static Optional<String> singleScoreOutput(GraphView graph) {
        List<String> found = new ArrayList<>();
        for (TensorSpec out : graph.outputs()) {
            if (out.elementType().isFloating()) {
                found.add(out.name());
            }
        }
        return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
    }

    @Override
    public List<ProbeCandidate> proposeProbes(GraphView graph, ModelSignature signature) {
        String history = signature.input(InputRole.HISTORY);
        String[] why = new String[1];
        Optional<ScoringOp> scoring = ScoringAnalysis.find(graph, signature.scoreOutput(),
                (operand, inputs) -> inputs.contains(history), why);
        if (scoring.isEmpty()) {
            return List.of();
        }
        UserStatePath path = UserStatePath.trace(graph, scoring.get().userOperand());
        List<ProbeCandidate> result = new ArrayList<>();
        path.nearestRank2(graph).ifPresent(t -> result.add(new ProbeCandidate(t, GraphQueries.shapeOrUnknown(graph, t), ProbeRole.USER_STATE,
                -1, "the [B,D] operand of " + scoring.get().node() + " computed from input '" + history + "'")));
        path.sequenceTensor().ifPresent(t -> result.add(new ProbeCandidate(t, GraphQueries.shapeOrUnknown(graph, t),
                ProbeRole.SEQUENCE_STATES, -1, "the per-position states " + path.selection().get()
                + " selects the user state from")));
        return result;
    }
}
