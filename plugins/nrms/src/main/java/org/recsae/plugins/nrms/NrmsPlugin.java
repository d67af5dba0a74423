package org.recsae.plugins.nrms;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.recsae.spi.EncodedBatch;
import org.recsae.spi.FlatTensor;
import org.recsae.spi.HistoryEncoding;
import org.recsae.spi.InputRole;
import org.recsae.spi.ItemScores;
import org.recsae.spi.ModelDescriptor;
import org.recsae.spi.ModelSignature;
import org.recsae.spi.PaddingSide;
import org.recsae.spi.ProbeCandidate;
import org.recsae.spi.ProbeRole;
import org.recsae.spi.Recognition;
import org.recsae.spi.RecommenderPlugin;
import org.recsae.spi.graph.GraphNode;
import org.recsae.spi.graph.GraphQueries;
import org.recsae.spi.graph.GraphView;
import org.recsae.spi.graph.ScoringAnalysis;
import org.recsae.spi.graph.ScoringOp;
import org.recsae.spi.graph.TensorSpec;
import org.recsae.spi.graph.UserStatePath;

/**
 * NRMS-style content recommenders: clicked items [B,H,T] and candidate items [B,C,T] as token ids in, scores [B,C]
 * out, each candidate scored by a user vector against its news vector. Recognised from the graph's structure: two
 * integer rank-3 inputs whose tokens go through the same word embedding (the news encoder is inlined once per
 * input), and a scoring op one of whose operands depends on one input only: that input is the history, the other
 * supplies the scores' C axis. Items are encoded from the text file and vocabulary the descriptor names
 * ({@code files.item_text}, {@code files.vocabulary}).
 */
public final class NrmsPlugin implements RecommenderPlugin {
    public static final String NAME = "nrms";
    static final String VOCABULARY = "vocabulary";
    static final String ITEM_TEXT = "item_text";
    static final String TOKENS = "tokens";
    static final String ITEMS = "items";

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
        List<TensorSpec> tokenInputs = graph.inputs().stream()
                .filter(t -> t.elementType().isInteger() && t.shape().rank() == 3).toList();
        if (tokenInputs.size() != 2) {
            return Recognition.rejected("an NRMS model takes two integer [B,N,T] token inputs (clicked and "
                    + "candidates); this one has " + tokenInputs.size() + " (inputs " + graph.inputs() + ")");
        }
        List<TensorSpec> outputs = graph.outputs().stream().filter(t -> t.elementType().isFloating()).toList();
        if (outputs.size() != 1) {
            return Recognition.rejected("an NRMS model has one floating-point score output; found " + graph.outputs());
        }
        String output = descriptor.output().orElse(outputs.get(0).name());
        Optional<String> embedding = sharedEmbedding(graph, tokenInputs.get(0).name(), tokenInputs.get(1).name());
        if (embedding.isEmpty()) {
            return Recognition.rejected("the two token inputs do not both go through one word embedding (a Gather "
                    + "on the same rank-2 initializer), as NRMS's news encoder, inlined once per input, does");
        }
        String history = null;
        String candidates = null;
        ScoringOp scoring = null;
        String[] why = new String[1];
        for (int h = 0; h < 2 && history == null; h++) {
            String mine = tokenInputs.get(h).name();
            String other = tokenInputs.get(1 - h).name();
            Optional<ScoringOp> op = ScoringAnalysis.find(graph, output,
                    (operand, inputs) -> inputs.contains(mine) && !inputs.contains(other), why);
            if (op.isPresent() && op.get().itemInputs().equals(Set.of(other))) {
                history = mine;
                candidates = other;
                scoring = op.get();
            }
        }
        if (history == null) {
            return Recognition.rejected("no scoring op dots a vector computed from one token input alone with "
                    + "vectors computed from the other (" + why[0] + ")");
        }
        if (descriptor.input(InputRole.HISTORY).isPresent() && !descriptor.input(InputRole.HISTORY).get().equals(history)) {
            return Recognition.rejected("the descriptor names '" + descriptor.input(InputRole.HISTORY).get()
                    + "' as the history, but the graph reads the user vector from '" + history + "'");
        }
        Optional<Path> vocabulary = descriptor.file(VOCABULARY);
        Optional<Path> itemText = descriptor.file(ITEM_TEXT);
        if (vocabulary.isEmpty() || itemText.isEmpty()) {
            return Recognition.rejected("a content model's items are token ids: name the vocabulary and the item text "
                    + "in the descriptor ('files': {'vocabulary': ..., 'item_text': ...}); found files "
                    + descriptor.files().keySet());
        }
        TensorSpec clicked = graph.input(history).orElseThrow();
        TensorSpec candidateSpec = graph.input(candidates).orElseThrow();
        long tokens = clicked.shape().dim(2);
        long fixedLength = clicked.shape().dim(1);
        long length = descriptor.maxLength().map(Integer::longValue).orElse(fixedLength);
        if (tokens <= 0 || length <= 0) {
            return Recognition.rejected("input '" + history + "' has shape " + clicked.shape() + "; its clicked-item "
                    + "and token axes must be fixed (or set 'max_length' in the descriptor)");
        }
        if (fixedLength > 0 && fixedLength != length) {
            return Recognition.rejected("the descriptor's max_length " + length + " differs from input '" + history
                    + "', which takes " + fixedLength + " clicked items");
        }
        if (candidateSpec.shape().dim(2) > 0 && candidateSpec.shape().dim(2) != tokens) {
            return Recognition.rejected("input '" + candidates + "' takes " + candidateSpec.shape().dim(2)
                    + " tokens per item but '" + history + "' takes " + tokens);
        }
        if (descriptor.paddingId().isPresent() && descriptor.paddingId().get() != 0) {
            return Recognition.rejected("an NRMS model's empty item is index 0 (all padding tokens); the descriptor "
                    + "says padding_id " + descriptor.paddingId().get());
        }
        ItemTokens table = ItemTokens.load(vocabulary.get(), itemText.get(), (int) tokens);
        long wordRows = graph.initializer(embedding.get()).orElseThrow().shape().dim(0);
        if (table.vocabulary() > wordRows) {
            return Recognition.rejected("the vocabulary " + vocabulary.get() + " has " + table.vocabulary()
                    + " tokens but the model's word embedding '" + embedding.get() + "' has " + wordRows + " rows");
        }
        Map<InputRole, String> roles = new EnumMap<>(InputRole.class);
        roles.put(InputRole.HISTORY, history);
        roles.put(InputRole.CANDIDATES, candidates);
        Map<String, String> extras = new LinkedHashMap<>();
        extras.put(VOCABULARY, vocabulary.get().toAbsolutePath().normalize().toString());
        extras.put(ITEM_TEXT, itemText.get().toAbsolutePath().normalize().toString());
        extras.put(TOKENS, String.valueOf(tokens));
        extras.put(ITEMS, String.valueOf(table.items()));
        // The user encoder has no positions and masks empty slots, so either side gives the same vector.
        PaddingSide side = descriptor.paddingSide().orElse(PaddingSide.RIGHT);
        int hidden = hiddenDim(graph, scoring, embedding.get());
        return Recognition.accepted(new ModelSignature(roles, output, (int) length, 0, Optional.of(side),
                descriptor.paddingSide().isPresent() ? "stated in the model descriptor"
                        : "right by default: the user encoder masks empty clicked slots and has no positions",
                table.items(), hidden, extras));
    }

    /** The word embedding both token inputs are looked up in, if there is one. */
    private static Optional<String> sharedEmbedding(GraphView graph, String a, String b) {
        Optional<String> ea = embeddingOf(graph, a);
        Optional<String> eb = embeddingOf(graph, b);
        return ea.isPresent() && ea.equals(eb) ? ea : Optional.empty();
    }

    private static Optional<String> embeddingOf(GraphView graph, String input) {
        List<String> frontier = new ArrayList<>(List.of(input));
        for (int depth = 0; depth < 6 && !frontier.isEmpty(); depth++) {
            List<String> next = new ArrayList<>();
            for (String t : frontier) {
                for (GraphNode n : graph.consumers(t)) {
                    if (n.opType().equals("Gather") && n.inputs().size() == 2 && n.inputs().get(1).equals(t)) {
                        Optional<TensorSpec> table = graph.initializer(n.inputs().get(0));
                        if (table.isPresent() && table.get().shape().rank() == 2) {
                            return Optional.of(n.inputs().get(0));
                        }
                    }
                    // Reshapes and casts between the input and the lookup (the encoder flattens [B,N,T]).
                    if (Set.of("Reshape", "Flatten", "Cast", "Squeeze", "Unsqueeze").contains(n.opType())) {
                        next.addAll(n.outputs());
                    }
                }
            }
            frontier = next;
        }
        return Optional.empty();
    }

    /** The width of the scored vectors: from the scoring op's shapes when the graph has them, else the word width. */
    private static int hiddenDim(GraphView graph, ScoringOp scoring, String embedding) {
        for (String operand : List.of(scoring.userOperand(), scoring.itemOperand())) {
            Optional<org.recsae.spi.graph.TensorShape> s = GraphQueries.shape(graph, operand);
            if (s.isPresent() && s.get().rank() >= 2 && s.get().dim(s.get().rank() - 1) > 0) {
                return (int) s.get().dim(s.get().rank() - 1);
            }
        }
        // Discovery checks it against the user state's observed width.
        return (int) graph.initializer(embedding).orElseThrow().shape().dim(1);
    }

    @Override
    public List<ProbeCandidate> proposeProbes(GraphView graph, ModelSignature signature) {
        String history = signature.input(InputRole.HISTORY);
        String candidates = signature.input(InputRole.CANDIDATES);
        String[] why = new String[1];
        Optional<ScoringOp> op = ScoringAnalysis.find(graph, signature.scoreOutput(),
                (operand, inputs) -> inputs.contains(history) && !inputs.contains(candidates), why);
        if (op.isEmpty()) {
            return List.of();
        }
        UserStatePath path = UserStatePath.trace(graph, op.get().userOperand());
        List<ProbeCandidate> out = new ArrayList<>();
        path.nearestRank2(graph).ifPresent(t -> out.add(new ProbeCandidate(t, GraphQueries.shapeOrUnknown(graph, t),
                ProbeRole.USER_STATE, -1, "the user vector that " + op.get().node().opType() + " '"
                + op.get().node().name() + "' dots with every candidate's news vector")));
        return out;
    }

    /** Item indices as {@link HistoryEncoding} lays them out (and checks them), then each item as its tokens. */
    @Override
    public EncodedBatch encode(ModelSignature signature, List<int[]> histories, int[][] candidates) {
        return encode(signature, histories, candidates, Set.of(signature.input(InputRole.HISTORY),
                signature.input(InputRole.CANDIDATES)));
    }

    /** Only the needed inputs are expanded to tokens: the whole catalogue's are large, and a head never reads them. */
    @Override
    public EncodedBatch encode(ModelSignature signature, List<int[]> histories, int[][] candidates,
                               Set<String> needed) {
        for (String name : needed) {
            if (!name.equals(signature.input(InputRole.HISTORY)) && !name.equals(signature.input(InputRole.CANDIDATES))) {
                throw new IllegalArgumentException("an NRMS model has no input '" + name + "' (its inputs are "
                        + signature.inputs().values() + ")");
            }
        }
        boolean wantCandidates = needed.contains(signature.input(InputRole.CANDIDATES));
        // HistoryEncoding lays out and checks the item indices; one placeholder candidate when none are needed.
        int[][] ids = wantCandidates ? candidates : placeholders(histories.size());
        EncodedBatch encoded = HistoryEncoding.encode(signature, histories, ids);
        ItemTokens table = tokens(signature);
        Map<String, FlatTensor> inputs = new LinkedHashMap<>();
        for (InputRole role : List.of(InputRole.HISTORY, InputRole.CANDIDATES)) {
            String name = signature.input(role);
            if (needed.contains(name)) {
                FlatTensor t = encoded.inputs().get(name);
                inputs.put(name, FlatTensor.ofLongs(table.expand(t.longs()), t.dim(0), t.dim(1), table.tokens()));
            }
        }
        return new EncodedBatch(encoded.batchSize(), inputs);
    }

    private static int[][] placeholders(int rows) {
        int[][] out = new int[rows][];
        java.util.Arrays.fill(out, new int[] {1});
        return out;
    }

    @Override
    public ItemScores decodeScores(ModelSignature signature, FlatTensor scores, int[][] candidates) {
        return HistoryEncoding.decode(signature, scores, candidates);
    }

    private static ItemTokens tokens(ModelSignature signature) {
        Map<String, String> x = signature.extras();
        if (!x.containsKey(VOCABULARY) || !x.containsKey(ITEM_TEXT) || !x.containsKey(TOKENS)) {
            throw new org.recsae.spi.BadInputException("the recorded NRMS signature lacks its vocabulary, item text or "
                    + "token count (extras " + x.keySet() + "); inspect or capture the model again");
        }
        int tokens;
        try {
            tokens = Integer.parseInt(x.get(TOKENS));
        } catch (NumberFormatException e) {
            throw new org.recsae.spi.BadInputException("the recorded NRMS signature's token count is not a number: '"
                    + x.get(TOKENS) + "'");
        }
        ItemTokens table = ItemTokens.load(Path.of(x.get(VOCABULARY)), Path.of(x.get(ITEM_TEXT)), tokens);
        if (table.items() != signature.itemCount()) {
            throw new org.recsae.spi.BadInputException("item text " + x.get(ITEM_TEXT) + " now lists "
                    + (table.items() - 1) + " items, but the model was recognised with " + (signature.itemCount() - 1)
                    + "; the file changed since: inspect or capture the model again");
        }
        return table;
    }
}
