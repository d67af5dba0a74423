package org.recsae.plugins.sasrec;

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
import org.recsae.spi.graph.TransformerBlocks;
import org.recsae.spi.graph.UserStatePath;

/**
 * Self-attentive sequential recommenders: {@code (history [B,L], lengths [B]) -> scores [B, items]}, and the
 * ReChorus signature {@code (item_id [B,C], history, lengths) -> prediction [B,C]}. Recognised by structure, not by
 * names: a scoring op whose user side runs through attention (a Softmax) from an integer history input.
 */
public final class SasrecPlugin implements RecommenderPlugin {
    public static final String NAME = "sasrec";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String version() {
        return "1";
    }

    @Override
    public Recognition recognize(GraphView graph, ModelDescriptor descriptor) {
        Optional<String> output = scoreOutput(graph, descriptor);
        if (output.isEmpty()) {
            return Recognition.rejected("expected one float output of rank 2 (scores), found outputs " + graph.outputs());
        }
        String[] why = new String[1];
        Optional<ScoringOp> scoring = ScoringAnalysis.find(graph, output.get(),
                (operand, inputs) -> hasAttention(graph, operand) && !inputs.isEmpty(), why);
        if (scoring.isEmpty()) {
            return Recognition.rejected(why[0]);
        }
        ScoringOp op = scoring.get();
        Map<InputRole, String> roles = new EnumMap<>(InputRole.class);
        String problem = assignRoles(graph, descriptor, op, roles);
        if (problem != null) {
            return Recognition.rejected(problem);
        }
        TensorSpec history = graph.input(roles.get(InputRole.HISTORY)).orElseThrow();
        int maxLength;
        if (descriptor.maxLength().isPresent()) {
            maxLength = descriptor.maxLength().get();
        } else if (history.shape().rank() == 2 && history.shape().dim(1) > 0) {
            maxLength = (int) history.shape().dim(1);
        } else {
            return Recognition.rejected("history input '" + history.name() + "' has length dimension "
                    + history.shape() + " and the descriptor sets no max_length");
        }
        Optional<long[]> table = ItemTable.dims(graph, op);
        if (table.isEmpty()) {
            return Recognition.rejected("cannot find the item table (a rank-2 initializer) behind the item side '"
                    + op.itemOperand() + "' of " + op.node());
        }
        int itemCount = (int) table.get()[0];
        int hiddenDim = (int) table.get()[1];
        Optional<PaddingSide> side = descriptor.paddingSide();
        String evidence = "stated in the model descriptor";
        if (side.isEmpty()) {
            UserStatePath path = UserStatePath.trace(graph, op.userOperand());
            if (path.selection().isPresent()) {
                String lengths = roles.get(InputRole.LENGTHS);
                if (lengths != null && path.indexInputs().contains(lengths)) {
                    side = Optional.of(PaddingSide.RIGHT);
                    evidence = "the graph selects the user state with " + path.selection().get()
                            + " at an index computed from input '" + lengths + "' (lengths-1)";
                } else if (path.indexInputs().isEmpty()) {
                    side = Optional.of(PaddingSide.LEFT);
                    evidence = "the graph selects the user state with " + path.selection().get()
                            + " at a fixed position (the last column)";
                } else {
                    evidence = "the selection index depends on " + path.indexInputs() + "; to be settled numerically";
                }
            } else {
                evidence = "no position selection found on the user side; to be settled numerically";
            }
        }
        int paddingId = descriptor.paddingId().orElse(0);
        if (paddingId >= itemCount) {
            return Recognition.rejected("padding id " + paddingId + " is outside the item table of " + itemCount + " rows");
        }
        return Recognition.accepted(new ModelSignature(roles, output.get(), maxLength, paddingId, side, evidence,
                itemCount, hiddenDim));
    }

    private static Optional<String> scoreOutput(GraphView graph, ModelDescriptor descriptor) {
        if (descriptor.output().isPresent()) {
            return graph.outputs().stream().map(TensorSpec::name).filter(descriptor.output().get()::equals).findFirst();
        }
        List<String> candidates = new ArrayList<>();
        for (TensorSpec out : graph.outputs()) {
            if (out.elementType().isFloating() && (out.shape().rank() == 2 || !out.shape().hasRank())) {
                candidates.add(out.name());
            }
        }
        return candidates.size() == 1 ? Optional.of(candidates.get(0)) : Optional.empty();
    }

    private static boolean hasAttention(GraphView graph, String tensor) {
        return GraphQueries.upstreamNodes(graph, tensor).stream().anyMatch(n -> n.opType().equals("Softmax"));
    }

    /** Fills history, lengths and candidates; returns why not, or null. */
    private static String assignRoles(GraphView graph, ModelDescriptor descriptor, ScoringOp op,
                                      Map<InputRole, String> roles) {
        for (Map.Entry<InputRole, String> stated : descriptor.inputs().entrySet()) {
            if (graph.input(stated.getValue()).isEmpty()) {
                return "descriptor field 'inputs." + stated.getKey().jsonName() + "' names input '" + stated.getValue()
                        + "', but the model's inputs are " + graph.inputs();
            }
            roles.put(stated.getKey(), stated.getValue());
        }
        for (String name : op.userInputs()) {
            TensorSpec in = graph.input(name).orElseThrow();
            if (!in.elementType().isInteger() || roles.containsValue(name)) {
                continue;
            }
            if (in.shape().rank() == 2) {
                roles.putIfAbsent(InputRole.HISTORY, name);
            } else if (in.shape().rank() == 1) {
                roles.putIfAbsent(InputRole.LENGTHS, name);
            }
        }
        for (String name : op.itemInputs()) {
            TensorSpec in = graph.input(name).orElseThrow();
            if (in.elementType().isInteger() && in.shape().rank() == 2 && !roles.containsValue(name)) {
                roles.putIfAbsent(InputRole.CANDIDATES, name);
            }
        }
        if (!roles.containsKey(InputRole.HISTORY)) {
            return "the user side of " + op.node() + " depends on inputs " + op.userInputs()
                    + ", none of which is an integer [B,L] history";
        }
        if (!op.itemInputs().isEmpty() && !roles.containsKey(InputRole.CANDIDATES)) {
            return "the item side of " + op.node() + " depends on inputs " + op.itemInputs()
                    + ", none of which is an integer [B,C] candidate list";
        }
        return null;
    }

    @Override
    public List<ProbeCandidate> proposeProbes(GraphView graph, ModelSignature signature) {
        String[] why = new String[1];
        Optional<ScoringOp> scoring = ScoringAnalysis.find(graph, signature.scoreOutput(),
                (operand, inputs) -> inputs.contains(signature.input(InputRole.HISTORY)), why);
        if (scoring.isEmpty()) {
            return List.of();
        }
        UserStatePath path = UserStatePath.trace(graph, scoring.get().userOperand());
        List<ProbeCandidate> result = new ArrayList<>();
        Optional<String> user = path.nearestRank2(graph);
        user.ifPresent(t -> result.add(new ProbeCandidate(t, GraphQueries.shapeOrUnknown(graph, t), ProbeRole.USER_STATE, -1,
                "the [B,D] tensor nearest " + scoring.get().node() + " on the history side")));
        if (path.sequenceTensor().isPresent()) {
            String seq = path.sequenceTensor().get();
            result.add(new ProbeCandidate(seq, GraphQueries.shapeOrUnknown(graph, seq), ProbeRole.SEQUENCE_STATES, -1,
                    "the per-position states " + path.selection().get() + " selects the user state from"));
            List<String> blocks = TransformerBlocks.blockOutputs(graph, seq);
            for (int i = blocks.size() - 1; i >= 0; i--) {
                String t = blocks.get(i);
                result.add(new ProbeCandidate(t, GraphQueries.shapeOrUnknown(graph, t), ProbeRole.BLOCK_OUTPUT, i,
                        "residual stream after transformer block " + i + " of " + blocks.size()
                                + (t.equals(seq) ? " (same tensor as the sequence states)" : "")));
            }
        }
        return result;
    }
}
