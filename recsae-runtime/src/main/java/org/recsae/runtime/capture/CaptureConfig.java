package org.recsae.runtime.capture;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.recsae.runtime.data.LogOptions;
import org.recsae.spi.UsageException;

/**
 * Everything {@code capture} needs. Required: model, data, run. Immutable; made by {@link #builder()}, which
 * rejects bad values as they are set.
 */
public final class CaptureConfig {
    public static final int DEFAULT_BATCH = 128;
    public static final long DEFAULT_SHARD_BYTES = 256L << 20;

    private final Path model;
    private final Path data;
    private final Path run;
    private final Optional<Path> descriptor;
    private final Optional<String> plugin;
    private final Optional<String> probe;
    private final Positions positions;
    private final int batchSize;
    private final long shardBytes;
    private final LogOptions logOptions;
    private final boolean cuda;

    private CaptureConfig(Builder b) {
        this.model = b.model;
        this.data = b.data;
        this.run = b.run;
        this.descriptor = Optional.ofNullable(b.descriptor);
        this.plugin = Optional.ofNullable(b.plugin);
        this.probe = Optional.ofNullable(b.probe);
        this.positions = b.positions;
        this.batchSize = b.batchSize;
        this.shardBytes = b.shardBytes;
        this.logOptions = b.logOptions;
        this.cuda = b.cuda;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Path model() {
        return model;
    }

    public Path data() {
        return data;
    }

    public Path run() {
        return run;
    }

    public Optional<Path> descriptor() {
        return descriptor;
    }

    public Optional<String> plugin() {
        return plugin;
    }

    public Optional<String> probe() {
        return probe;
    }

    public Positions positions() {
        return positions;
    }

    public int batchSize() {
        return batchSize;
    }

    public long shardBytes() {
        return shardBytes;
    }

    /** Whether the head graph runs on the GPU (ONNX Runtime's CUDA execution provider). */
    public boolean cuda() {
        return cuda;
    }

    public LogOptions logOptions() {
        return logOptions;
    }

    public static final class Builder {
        private Path model;
        private Path data;
        private Path run;
        private Path descriptor;
        private String plugin;
        private String probe;
        private Positions positions = Positions.ALL;
        private int batchSize = DEFAULT_BATCH;
        private long shardBytes = DEFAULT_SHARD_BYTES;
        private LogOptions logOptions = LogOptions.defaults();
        private boolean cuda;

        /** {@code cpu} (default) or {@code cuda}. */
        public Builder optDevice(String device) {
            switch (device) {
                case "cpu" -> cuda = false;
                case "cuda" -> cuda = true;
                default -> throw new org.recsae.spi.UsageException("--device must be cpu or cuda, found '" + device
                        + "'");
            }
            return this;
        }

        private Builder() {
        }

        public Builder setModel(Path value) {
            this.model = Objects.requireNonNull(value, "model");
            return this;
        }

        public Builder setData(Path value) {
            this.data = Objects.requireNonNull(value, "data");
            return this;
        }

        public Builder setRun(Path value) {
            this.run = Objects.requireNonNull(value, "run");
            return this;
        }

        public Builder optDescriptor(Path value) {
            this.descriptor = value;
            return this;
        }

        public Builder optPlugin(String value) {
            this.plugin = value;
            return this;
        }

        public Builder optProbe(String value) {
            this.probe = value;
            return this;
        }

        public Builder optPositions(Positions value) {
            this.positions = Objects.requireNonNull(value);
            return this;
        }

        public Builder optBatchSize(int value) {
            if (value < 1 || value > 65536) {
                throw new UsageException("--batch must be between 1 and 65536, found " + value);
            }
            this.batchSize = value;
            return this;
        }

        public Builder optShardBytes(long value) {
            if (value < 1 << 16) {
                throw new UsageException("shard size must be at least 64 KiB, found " + value + " bytes");
            }
            this.shardBytes = value;
            return this;
        }

        public Builder optLogOptions(LogOptions value) {
            this.logOptions = Objects.requireNonNull(value);
            return this;
        }

        public CaptureConfig build() {
            if (model == null || data == null || run == null) {
                throw new UsageException("capture needs a model, data and a run directory; missing: "
                        + (model == null ? "model " : "") + (data == null ? "data " : "") + (run == null ? "run" : ""));
            }
            return new CaptureConfig(this);
        }
    }
}
