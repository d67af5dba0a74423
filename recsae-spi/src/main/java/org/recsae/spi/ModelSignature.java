package org.recsae.spi;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How to feed a recognised model and read its scores: the input for each role, the score output, the history
 * layout, and the size of the item table. Produced by a plugin's {@link RecommenderPlugin#recognize}.
 *
 * @param itemCount rows of the item table, padding included: valid item indices are {@code 1..itemCount-1} when the
 *     padding id is 0
 * @param paddingSide empty when neither the graph nor the descriptor settles it; the runtime then decides it by
 *     running the model and records how
 * @param extras what else the plugin needs to encode inputs, as named strings it defines (a content model's
 *     vocabulary and item text files, its tokens per item); recorded with the signature in run manifests, so
 *     {@link RecommenderPlugin#encode} can rely on it anywhere (in a Spark executor, too); empty for models fed item
 *     indices alone
 */
public record ModelSignature(
        Map<InputRole, String> inputs,
        String scoreOutput,
        int maxLength,
        int paddingId,
        Optional<PaddingSide> paddingSide,
        String paddingEvidence,
        int itemCount,
        int hiddenDim,
        Map<String, String> extras) {

    public ModelSignature(Map<InputRole, String> inputs, String scoreOutput, int maxLength, int paddingId,
                          Optional<PaddingSide> paddingSide, String paddingEvidence, int itemCount, int hiddenDim) {
        this(inputs, scoreOutput, maxLength, paddingId, paddingSide, paddingEvidence, itemCount, hiddenDim, Map.of());
    }

    public ModelSignature {
        inputs = Collections.unmodifiableMap(new EnumMap<>(inputs));
        extras = Collections.unmodifiableMap(new java.util.TreeMap<>(extras));
        Objects.requireNonNull(scoreOutput, "scoreOutput");
        Objects.requireNonNull(paddingSide, "paddingSide");
        Objects.requireNonNull(paddingEvidence, "paddingEvidence");
        if (!inputs.containsKey(InputRole.HISTORY)) {
            throw new IllegalArgumentException("a signature needs a history input, got roles " + inputs.keySet());
        }
        if (paddingId < 0 || paddingId >= itemCount) {
            throw new IllegalArgumentException("padding id " + paddingId + " is outside the item table of " + itemCount
                    + " rows");
        }
        if (maxLength < 1 || itemCount < 2 || hiddenDim < 1) {
            throw new IllegalArgumentException("maxLength " + maxLength + ", itemCount " + itemCount
                    + ", hiddenDim " + hiddenDim + " must all be positive (itemCount at least 2)");
        }
    }

    public String input(InputRole role) {
        String name = inputs.get(role);
        if (name == null) {
            throw new IllegalStateException("model has no " + role.jsonName() + " input");
        }
        return name;
    }

    public boolean hasInput(InputRole role) {
        return inputs.containsKey(role);
    }

    public ModelSignature withPaddingSide(PaddingSide side, String evidence) {
        return new ModelSignature(inputs, scoreOutput, maxLength, paddingId, Optional.of(side), evidence,
                itemCount, hiddenDim, extras);
    }

    /** The padding side, which must be settled by now. */
    public PaddingSide requirePaddingSide() {
        return paddingSide.orElseThrow(() -> new IllegalStateException("padding side not settled yet"));
    }
}
