package org.recsae.runtime.interpret;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.recsae.spi.UsageException;

/**
 * How {@code interpret} builds and scores the concept dictionary. Every field is optional; the defaults follow the
 * paper's protocol (5 explaining, 5 positive and 5 inactive verifying sequences, global decile levels).
 */
public final class InterpretConfig {
    /** Sequences per latent in each role: explaining, verifying positives, verifying inactive ones. */
    public static final int EXAMPLES = 5;
    /** The most activating sequences (one per user) the explaining and positive sets are drawn from. */
    public static final int TOP_POOL = 2 * EXAMPLES;
    /** Positives are sequences at or above this level. */
    public static final int POSITIVE_LEVEL = 5;

    private final String interpreter;
    private final LatentChoice latents;
    private final LevelScheme levels;
    private final long seed;
    private final int historyShown;
    private final Optional<String> withheldField;
    private final Map<String, String> interpreterOptions;

    private InterpretConfig(Builder b) {
        this.interpreter = b.interpreter;
        this.latents = b.latents;
        this.levels = b.levels;
        this.seed = b.seed;
        this.historyShown = b.historyShown;
        this.withheldField = b.withheldField;
        this.interpreterOptions = Map.copyOf(b.interpreterOptions);
    }

    public static Builder builder() {
        return new Builder();
    }

    public String interpreter() {
        return interpreter;
    }

    public LatentChoice latents() {
        return latents;
    }

    public LevelScheme levels() {
        return levels;
    }

    public long seed() {
        return seed;
    }

    /** How many of the newest history items each shown sequence carries (the paper shows 9). */
    public int historyShown() {
        return historyShown;
    }

    /** The item field hidden in the genre-recovery control; empty means the first of genres/category found. */
    public Optional<String> withheldField() {
        return withheldField;
    }

    public Map<String, String> interpreterOptions() {
        return interpreterOptions;
    }

    public static final class Builder {
        private String interpreter = "builtin";
        private LatentChoice latents = LatentChoice.all();
        private LevelScheme levels = LevelScheme.GLOBAL_DECILES;
        private long seed = 42;
        private int historyShown = 9;
        private Optional<String> withheldField = Optional.empty();
        private final Map<String, String> interpreterOptions = new LinkedHashMap<>();

        public Builder interpreter(String name) {
            this.interpreter = Objects.requireNonNull(name, "interpreter");
            return this;
        }

        public Builder latents(LatentChoice latents) {
            this.latents = Objects.requireNonNull(latents, "latents");
            return this;
        }

        public Builder levels(LevelScheme levels) {
            this.levels = Objects.requireNonNull(levels, "levels");
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder historyShown(int n) {
            if (n < 1 || n > 200) {
                throw new UsageException("--history must be between 1 and 200 items, found " + n);
            }
            this.historyShown = n;
            return this;
        }

        public Builder withheldField(String field) {
            this.withheldField = Optional.of(Objects.requireNonNull(field, "field"));
            return this;
        }

        public boolean hasInterpreterOption(String key) {
            return interpreterOptions.containsKey(key);
        }

        public Builder interpreterOption(String key, String value) {
            interpreterOptions.put(key, value);
            return this;
        }

        public InterpretConfig build() {
            return new InterpretConfig(this);
        }
    }
}
