package org.recsae.runtime.compare;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.recsae.spi.UsageException;

/**
 * What {@code compare} puts side by side. Required: runs A and B (both interpreted, over the same catalogue) and
 * the output folder. Optional: stability runs (another SAE of A's or B's model, e.g. another seed), the cosine a
 * match must reach (default 0.7) and the shuffled control's seed. Immutable; made by {@link #builder()}.
 */
public final class CompareConfig {
    public static final double DEFAULT_THRESHOLD = 0.7;
    public static final int DEFAULT_MIN_PREFIXES = 50;

    private final Path runA;
    private final Path runB;
    private final Path out;
    private final List<Path> stability;
    private final double threshold;
    private final long seed;
    private final int minPrefixes;

    private CompareConfig(Builder b) {
        this.runA = b.runA;
        this.runB = b.runB;
        this.out = b.out;
        this.stability = List.copyOf(b.stability);
        this.threshold = b.threshold;
        this.seed = b.seed;
        this.minPrefixes = b.minPrefixes;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Path runA() {
        return runA;
    }

    public Path runB() {
        return runB;
    }

    public Path out() {
        return out;
    }

    public List<Path> stability() {
        return stability;
    }

    public double threshold() {
        return threshold;
    }

    public long seed() {
        return seed;
    }

    /** Items a model ranks first at fewer prefixes than this are left out of its profiles (their means are noise). */
    public int minPrefixes() {
        return minPrefixes;
    }

    public static final class Builder {
        private Path runA;
        private Path runB;
        private Path out;
        private final List<Path> stability = new ArrayList<>();
        private double threshold = DEFAULT_THRESHOLD;
        private long seed = 1;
        private int minPrefixes = DEFAULT_MIN_PREFIXES;

        private Builder() {
        }

        public Builder setRuns(Path a, Path b) {
            this.runA = Objects.requireNonNull(a, "run A");
            this.runB = Objects.requireNonNull(b, "run B");
            return this;
        }

        public Builder setOut(Path value) {
            this.out = Objects.requireNonNull(value, "out");
            return this;
        }

        public Builder addStability(Path run) {
            this.stability.add(Objects.requireNonNull(run, "stability run"));
            return this;
        }

        public Builder optThreshold(double value) {
            if (!(value > 0 && value <= 1)) {
                throw new UsageException("--threshold must be a cosine in (0, 1], found " + value);
            }
            this.threshold = value;
            return this;
        }

        public Builder optSeed(long value) {
            this.seed = value;
            return this;
        }

        public Builder optMinPrefixes(int value) {
            if (value < 1) {
                throw new UsageException("--min-prefixes must be at least 1, found " + value);
            }
            this.minPrefixes = value;
            return this;
        }

        public CompareConfig build() {
            if (runA == null || runB == null) {
                throw new UsageException("compare needs two runs: --run A --run B");
            }
            if (out == null) {
                throw new UsageException("compare needs --out DIR for its report");
            }
            if (runA.toAbsolutePath().normalize().equals(runB.toAbsolutePath().normalize())) {
                throw new UsageException("compare needs two different runs, found " + runA + " twice");
            }
            return new CompareConfig(this);
        }
    }
}
