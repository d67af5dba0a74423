package org.recsae.spi.interpret;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What an interpreter may know besides a latent's own examples.
 *
 * @param catalogue     every item of the catalogue as it is shown to the interpreter, with its interaction count:
 *                      the background that tells what is typical
 * @param background    sequences drawn at random from all captured prefixes, without activations: what an
 *                      ordinary sequence looks like, for calibrating predictions
 * @param withheldFields item fields removed from everything the interpreter sees (for controls)
 * @param seed          for any sampling the backend does
 * @param options       backend-specific settings from the command line ({@code --interpreter-option key=value})
 * @param cacheDirectory where the backend may keep what it can reuse (e.g. LLM responses), inside the run
 */
public record InterpreterContext(List<ShownItem> catalogue, List<ShownSequence> background,
                                 Set<String> withheldFields, long seed, Map<String, String> options,
                                 java.nio.file.Path cacheDirectory) {
    public InterpreterContext {
        Objects.requireNonNull(cacheDirectory, "cacheDirectory");
        catalogue = List.copyOf(catalogue);
        background = List.copyOf(background);
        withheldFields = Set.copyOf(withheldFields);
        options = Map.copyOf(Objects.requireNonNull(options, "options"));
    }
}
