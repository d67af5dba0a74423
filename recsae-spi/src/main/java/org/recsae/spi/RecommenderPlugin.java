package org.recsae.spi;

import java.util.List;
import org.recsae.spi.graph.GraphView;

/**
 * Knows one family of recommendation models: recognises their graphs, proposes which internal tensors to probe,
 * encodes histories into model inputs and decodes the scores. Found with {@link java.util.ServiceLoader}; register an
 * implementation in {@code META-INF/services/org.recsae.spi.RecommenderPlugin}.
 *
 * <p>Implementations are stateless and thread-safe. Their {@link #name()} is written into every artifact a run
 * produces, so it must never change once released.
 */
public interface RecommenderPlugin {
    /** Stable name: lower case letters, digits and dashes, e.g. {@code sasrec}. */
    String name();

    /** Version of the plugin's behaviour, recorded beside the name in run artifacts. */
    String version();

    /**
     * True for generic plugins that would accept almost any graph (such as {@code dot}): they are used only when
     * chosen by name ({@code --plugin} or the descriptor's {@code plugin} field), never by recognition alone.
     */
    default boolean onlyWhenChosen() {
        return false;
    }

    /** Decides whether the graph is one of this plugin's models; never throws for a foreign graph. */
    Recognition recognize(GraphView graph, ModelDescriptor descriptor);

    /** Internal tensors worth probing, best first. The graph's tensor shapes may include observed ones. */
    List<ProbeCandidate> proposeProbes(GraphView graph, ModelSignature signature);

    /**
     * Turns histories into model inputs. The default is {@link HistoryEncoding}: a padded [B,L] history, [B]
     * lengths and, where the model takes them, [B,C] candidates; override it for other input layouts.
     *
     * @param histories per user, model item indices, oldest first; longer ones keep their newest items
     * @param candidates per user, item indices to score, or null to score the whole catalogue
     * @throws BadInputException if an index is outside the item table or a history is empty
     */
    default EncodedBatch encode(ModelSignature signature, List<int[]> histories, int[][] candidates) {
        return HistoryEncoding.encode(signature, histories, candidates);
    }

    /**
     * Like {@link #encode(ModelSignature, List, int[][])} when only the inputs in {@code needed} will be fed (a
     * graph cut at a probe reads fewer than the model). The default encodes everything and drops the rest; a plugin
     * whose inputs are costly to build (token ids for the whole catalogue) builds only what is needed.
     */
    default EncodedBatch encode(ModelSignature signature, List<int[]> histories, int[][] candidates,
                                java.util.Set<String> needed) {
        return EncodedBatch.restrictedTo(encode(signature, histories, candidates), needed);
    }

    /** Turns the score output of a batch made by {@link #encode} into catalogue order. */
    default ItemScores decodeScores(ModelSignature signature, FlatTensor scores, int[][] candidates) {
        return HistoryEncoding.decode(signature, scores, candidates);
    }
}
