package org.recsae.spark;

import java.util.Objects;
import java.util.OptionalInt;
import org.recsae.runtime.capture.CaptureConfig;
import org.recsae.spi.UsageException;

/**
 * A capture on Spark: the local capture's config (model, log, run, probe, positions, batch), plus how many user
 * ranges to split the log into and whether the log is Parquet. Immutable; made by {@link #builder()}.
 */
public final class SparkCaptureConfig {
    private final CaptureConfig capture;
    private final OptionalInt partitions;
    private final boolean parquet;

    private SparkCaptureConfig(Builder b) {
        this.capture = b.capture;
        this.partitions = b.partitions;
        this.parquet = b.parquet;
    }

    public static Builder builder() {
        return new Builder();
    }

    public CaptureConfig capture() {
        return capture;
    }

    /** User ranges (tasks); empty means Spark's default parallelism. */
    public OptionalInt partitions() {
        return partitions;
    }

    public boolean parquet() {
        return parquet;
    }

    public static final class Builder {
        private CaptureConfig capture;
        private OptionalInt partitions = OptionalInt.empty();
        private boolean parquet;

        private Builder() {
        }

        public Builder setCapture(CaptureConfig value) {
            this.capture = Objects.requireNonNull(value, "capture");
            return this;
        }

        public Builder optPartitions(int value) {
            if (value < 1 || value > 100_000) {
                throw new UsageException("--partitions must be between 1 and 100000, found " + value);
            }
            this.partitions = OptionalInt.of(value);
            return this;
        }

        public Builder optParquet(boolean value) {
            this.parquet = value;
            return this;
        }

        public SparkCaptureConfig build() {
            if (capture == null) {
                throw new UsageException("a Spark capture needs the capture settings (model, data, run)");
            }
            if (capture.cuda()) {
                throw new UsageException("the Spark capture runs the head on the executors' CPUs; --device cuda is "
                        + "for the local capture");
            }
            return new SparkCaptureConfig(this);
        }
    }
}
