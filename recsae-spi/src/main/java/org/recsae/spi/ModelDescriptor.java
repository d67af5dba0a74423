package org.recsae.spi;

import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a user may state about their model when the graph alone does not say it: input roles, padding, max length,
 * and the raw-id to model-index map. Every field is optional; an empty descriptor means "discover everything".
 * Immutable; made by {@link #builder()}, which validates each value as it is set.
 */
public final class ModelDescriptor {
    /** The descriptor format version this code reads and writes. */
    public static final int CURRENT_VERSION = 1;

    private final int version;
    private final String plugin;
    private final Map<InputRole, String> inputs;
    private final String output;
    private final Integer paddingId;
    private final PaddingSide paddingSide;
    private final Integer maxLength;
    private final Path itemIdMap;
    private final Map<String, Path> files;
    private final Path source;

    private ModelDescriptor(Builder b) {
        this.version = b.version;
        this.plugin = b.plugin;
        this.inputs = Collections.unmodifiableMap(new EnumMap<>(b.inputs));
        this.output = b.output;
        this.paddingId = b.paddingId;
        this.paddingSide = b.paddingSide;
        this.maxLength = b.maxLength;
        this.itemIdMap = b.itemIdMap;
        this.files = Collections.unmodifiableMap(new java.util.TreeMap<>(b.files));
        this.source = b.source;
    }

    public static ModelDescriptor empty() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public int version() {
        return version;
    }

    /** A plugin name the user forces. */
    public Optional<String> plugin() {
        return Optional.ofNullable(plugin);
    }

    /** ONNX input names by role; only the roles the user stated. */
    public Map<InputRole, String> inputs() {
        return inputs;
    }

    public Optional<String> input(InputRole role) {
        return Optional.ofNullable(inputs.get(role));
    }

    /** The score output's name. */
    public Optional<String> output() {
        return Optional.ofNullable(output);
    }

    public Optional<Integer> paddingId() {
        return Optional.ofNullable(paddingId);
    }

    public Optional<PaddingSide> paddingSide() {
        return Optional.ofNullable(paddingSide);
    }

    public Optional<Integer> maxLength() {
        return Optional.ofNullable(maxLength);
    }

    /** CSV with header {@code raw_id,index}: how the log's ids map to model indices. */
    public Optional<Path> itemIdMap() {
        return Optional.ofNullable(itemIdMap);
    }

    /**
     * Files a plugin needs beside the model, by the names it reads them under (e.g. {@code vocabulary} and
     * {@code item_text} for a content-based model), resolved against the descriptor's folder.
     */
    public Optional<Path> file(String name) {
        return Optional.ofNullable(files.get(name));
    }

    public Map<String, Path> files() {
        return files;
    }

    /** The file this descriptor was read from, for error messages. */
    public Optional<Path> source() {
        return Optional.ofNullable(source);
    }

    /** Builder; every setter checks its value and names the descriptor field in its error. */
    public static final class Builder {
        private int version = CURRENT_VERSION;
        private String plugin;
        private final Map<InputRole, String> inputs = new EnumMap<>(InputRole.class);
        private String output;
        private Integer paddingId;
        private PaddingSide paddingSide;
        private Integer maxLength;
        private Path itemIdMap;
        private final Map<String, Path> files = new java.util.TreeMap<>();
        private Path source;

        private Builder() {
        }

        public Builder optVersion(int value) {
            if (value != CURRENT_VERSION) {
                throw invalid("version", "version " + CURRENT_VERSION, String.valueOf(value));
            }
            this.version = value;
            return this;
        }

        public Builder optPlugin(String name) {
            this.plugin = requireText("plugin", name);
            return this;
        }

        public Builder optInput(InputRole role, String onnxInputName) {
            inputs.put(role, requireText("inputs." + role.jsonName(), onnxInputName));
            return this;
        }

        public Builder optOutput(String name) {
            this.output = requireText("output", name);
            return this;
        }

        public Builder optPaddingId(int id) {
            if (id < 0) {
                throw invalid("padding_id", "a non-negative item index", String.valueOf(id));
            }
            this.paddingId = id;
            return this;
        }

        public Builder optPaddingSide(PaddingSide side) {
            this.paddingSide = side;
            return this;
        }

        public Builder optMaxLength(int length) {
            if (length < 1) {
                throw invalid("max_length", "a positive length", String.valueOf(length));
            }
            this.maxLength = length;
            return this;
        }

        public Builder optFile(String name, Path path) {
            if (name == null || !name.matches("[a-z][a-z0-9_]*")) {
                throw new UsageException("descriptor file names are lower-case words (a-z, 0-9, _), found '" + name
                        + "'");
            }
            this.files.put(name, java.util.Objects.requireNonNull(path, "path"));
            return this;
        }

        public Builder optItemIdMap(Path path) {
            this.itemIdMap = path;
            return this;
        }

        /** Records where the descriptor came from, so errors can name the file. */
        public Builder optSource(Path path) {
            this.source = path;
            return this;
        }

        public ModelDescriptor build() {
            return new ModelDescriptor(this);
        }

        private String requireText(String field, String value) {
            if (value == null || value.isBlank()) {
                throw invalid(field, "a non-empty string", value == null ? "null" : "\"" + value + "\"");
            }
            return value;
        }

        private BadInputException invalid(String field, String expected, String found) {
            String where = source == null ? "model descriptor" : "model descriptor " + source;
            return new BadInputException(where + ": field '" + field + "' must be " + expected + ", found " + found);
        }
    }
}
