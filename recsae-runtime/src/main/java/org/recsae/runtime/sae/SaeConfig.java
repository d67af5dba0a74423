package org.recsae.runtime.sae;

import java.util.Locale;
import java.util.Optional;
import org.recsae.spi.UsageException;

/**
 * How to train a TopK SAE. Immutable; made by {@link #builder()}; every setter rejects a bad value at once with a
 * message naming the flag. Optional fields that are empty get data-dependent defaults ({@link #widthFor}).
 */
public final class SaeConfig {
    public static final int DEFAULT_K = 32;
    public static final int DEFAULT_BATCH = 256;
    public static final double DEFAULT_LR = 1e-3;
    public static final int DEFAULT_MAX_EPOCHS = 40;
    public static final int DEFAULT_PATIENCE = 4;
    public static final long DEFAULT_SEED = 42;
    public static final double DEFAULT_AUX_ALPHA = 1.0 / 32;
    /** Default dead window for AuxK, in training vectors (never more than one epoch). */
    public static final long DEFAULT_DEAD_WINDOW = 20_000;
    public static final double DEFAULT_HELDOUT = 0.1;
    /** Default width: one latent per this many training vectors, as a power-of-two multiple of d_in. */
    public static final int VECTORS_PER_LATENT = 128;

    private final int k;
    private final Integer scale;
    private final int batch;
    private final Integer epochs;
    private final int maxEpochs;
    private final int patience;
    private final double lr;
    private final long seed;
    private final String device;
    private final double auxAlpha;
    private final Integer auxK;
    private final Long deadWindow;
    private final double heldoutFraction;
    private final int checkpointEvery;
    private final long stopAfterSteps;
    private final boolean devNdcg;

    private SaeConfig(Builder b) {
        this.k = b.k;
        this.scale = b.scale;
        this.batch = b.batch;
        this.epochs = b.epochs;
        this.maxEpochs = b.maxEpochs;
        this.patience = b.patience;
        this.lr = b.lr;
        this.seed = b.seed;
        this.device = b.device;
        this.auxAlpha = b.auxAlpha;
        this.auxK = b.auxK;
        this.deadWindow = b.deadWindow;
        this.heldoutFraction = b.heldoutFraction;
        this.checkpointEvery = b.checkpointEvery;
        this.stopAfterSteps = b.stopAfterSteps;
        this.devNdcg = b.devNdcg;
    }

    public static Builder builder() {
        return new Builder();
    }

    public int k() {
        return k;
    }

    /** The latent multiple of d_in the user set, if any. */
    public Optional<Integer> scale() {
        return Optional.ofNullable(scale);
    }

    /**
     * The width: {@code scale x dIn} if set, else one latent per {@link #VECTORS_PER_LATENT} training vectors,
     * rounded down to a power-of-two multiple of d_in between 2 and 32 (wider SAEs leave latents dead on small data).
     */
    public int widthFor(int dIn, long trainVectors) {
        if (scale != null) {
            return scale * dIn;
        }
        long budget = Math.max(1, trainVectors / VECTORS_PER_LATENT / dIn);
        int multiple = Integer.highestOneBit((int) Math.min(budget, 32));
        return Math.max(2, multiple) * dIn;
    }

    public int batch() {
        return batch;
    }

    /** Exactly this many epochs, no early stopping; empty means early stopping up to {@link #maxEpochs()}. */
    public Optional<Integer> epochs() {
        return Optional.ofNullable(epochs);
    }

    public int maxEpochs() {
        return maxEpochs;
    }

    public int patience() {
        return patience;
    }

    public double lr() {
        return lr;
    }

    public long seed() {
        return seed;
    }

    public String device() {
        return device;
    }

    public double auxAlpha() {
        return auxAlpha;
    }

    /** k of the auxiliary loss over dead latents: set, or d_in / 2. */
    public int auxKFor(int dIn) {
        return auxK != null ? auxK : Math.max(1, dIn / 2);
    }

    /**
     * Training vectors without firing after which a latent counts as dead for AuxK: as set, else
     * {@link #DEFAULT_DEAD_WINDOW} or one epoch if that is shorter. The paper's window, a whole epoch, let latents
     * that fire once or twice an epoch drift to never firing with the final weights: on the bundled data one
     * epoch left 0.78 %, 1.37 % and 0.98 % of the latents dead with seeds 1, 4 and 42, and 20,000 vectors
     * 0 %, 0 % and 0.20 %, at the same held-out NMSE.
     */
    public long deadWindowFor(long trainVectors) {
        return deadWindow != null ? deadWindow : Math.max(1, Math.min(trainVectors, DEFAULT_DEAD_WINDOW));
    }

    public double heldoutFraction() {
        return heldoutFraction;
    }

    public int checkpointEvery() {
        return checkpointEvery;
    }

    /** For tests of resumption: stop (as if killed) after this many optimiser steps; 0 means never. */
    public long stopAfterSteps() {
        return stopAfterSteps;
    }

    /**
     * Whether early stopping scores each epoch by the held-out users' ranking with the SAE spliced in (NDCG@10 loss
     * at every captured position) instead of their held-out NMSE; the dead fraction counts either way.
     */
    public boolean devNdcg() {
        return devNdcg;
    }

    public static final class Builder {
        private int k = DEFAULT_K;
        private Integer scale;
        private int batch = DEFAULT_BATCH;
        private Integer epochs;
        private int maxEpochs = DEFAULT_MAX_EPOCHS;
        private int patience = DEFAULT_PATIENCE;
        private double lr = DEFAULT_LR;
        private long seed = DEFAULT_SEED;
        private String device = "cpu";
        private double auxAlpha = DEFAULT_AUX_ALPHA;
        private Integer auxK;
        private Long deadWindow;
        private double heldoutFraction = DEFAULT_HELDOUT;
        private int checkpointEvery = 200;
        private long stopAfterSteps;
        private boolean devNdcg;

        private Builder() {
        }

        public Builder optDevNdcg(boolean value) {
            this.devNdcg = value;
            return this;
        }

        public Builder optK(int value) {
            if (value < 1 || value > 4096) {
                throw new UsageException("--k must be between 1 and 4096, found " + value);
            }
            this.k = value;
            return this;
        }

        public Builder optScale(int value) {
            if (value < 1 || value > 256) {
                throw new UsageException("--scale must be between 1 and 256, found " + value);
            }
            this.scale = value;
            return this;
        }

        public Builder optBatch(int value) {
            if (value < 1 || value > 1 << 16) {
                throw new UsageException("--batch must be between 1 and 65536, found " + value);
            }
            this.batch = value;
            return this;
        }

        public Builder optEpochs(int value) {
            if (value < 1 || value > 100_000) {
                throw new UsageException("--epochs must be between 1 and 100000, found " + value);
            }
            this.epochs = value;
            return this;
        }

        public Builder optMaxEpochs(int value) {
            if (value < 1) {
                throw new UsageException("--max-epochs must be positive, found " + value);
            }
            this.maxEpochs = value;
            return this;
        }

        public Builder optPatience(int value) {
            if (value < 1) {
                throw new UsageException("--patience must be positive, found " + value);
            }
            this.patience = value;
            return this;
        }

        public Builder optLr(double value) {
            if (!(value > 0 && value < 1)) {
                throw new UsageException("--lr must be in (0, 1), found " + value);
            }
            this.lr = value;
            return this;
        }

        public Builder optSeed(long value) {
            this.seed = value;
            return this;
        }

        public Builder optDevice(String value) {
            String v = value.toLowerCase(Locale.ROOT);
            if (!v.equals("cpu") && !v.equals("cuda")) {
                throw new UsageException("--device must be cpu or cuda, found '" + value + "'");
            }
            this.device = v;
            return this;
        }

        public Builder optAuxAlpha(double value) {
            if (!(value >= 0)) {
                throw new UsageException("--aux-alpha must be non-negative, found " + value);
            }
            this.auxAlpha = value;
            return this;
        }

        public Builder optAuxK(int value) {
            if (value < 1) {
                throw new UsageException("--aux-k must be positive, found " + value);
            }
            this.auxK = value;
            return this;
        }

        public Builder optDeadWindow(long vectors) {
            if (vectors < 1) {
                throw new UsageException("--dead-window must be a positive number of vectors, found " + vectors);
            }
            this.deadWindow = vectors;
            return this;
        }

        public Builder optHeldoutFraction(double value) {
            if (!(value > 0 && value < 0.9)) {
                throw new UsageException("held-out fraction must be in (0, 0.9), found " + value);
            }
            this.heldoutFraction = value;
            return this;
        }

        public Builder optCheckpointEvery(int steps) {
            if (steps < 1) {
                throw new UsageException("--checkpoint-every must be positive, found " + steps);
            }
            this.checkpointEvery = steps;
            return this;
        }

        public Builder optStopAfterSteps(long steps) {
            this.stopAfterSteps = Math.max(0, steps);
            return this;
        }

        public SaeConfig build() {
            if (devNdcg && epochs != null) {
                throw new UsageException("--dev-ndcg chooses which epoch to keep, so it needs early stopping; drop "
                        + "--epochs " + epochs + " (--max-epochs bounds the run)");
            }
            return new SaeConfig(this);
        }
    }
}
