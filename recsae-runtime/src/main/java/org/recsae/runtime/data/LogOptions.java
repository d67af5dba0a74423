package org.recsae.runtime.data;

import java.util.Optional;
import org.recsae.spi.UsageException;

/**
 * How to read an interaction log. Immutable, built with {@link #builder()}; everything is optional because the
 * format is usually detected from the files.
 */
public final class LogOptions {
    private final LogFormat format;
    private final String userColumn;
    private final String itemColumn;
    private final String timeColumn;
    private final char separator;

    private LogOptions(Builder b) {
        this.format = b.format;
        this.userColumn = b.userColumn;
        this.itemColumn = b.itemColumn;
        this.timeColumn = b.timeColumn;
        this.separator = b.separator;
    }

    public static LogOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Optional<LogFormat> format() {
        return Optional.ofNullable(format);
    }

    public String userColumn() {
        return userColumn;
    }

    public String itemColumn() {
        return itemColumn;
    }

    /** Empty string means "no time column": file order is time order. */
    public String timeColumn() {
        return timeColumn;
    }

    public char separator() {
        return separator;
    }

    public static final class Builder {
        private LogFormat format;
        private String userColumn = "user_id";
        private String itemColumn = "item_id";
        private String timeColumn = "time";
        private char separator = ',';

        private Builder() {
        }

        public Builder optFormat(LogFormat value) {
            this.format = value;
            return this;
        }

        public Builder optColumns(String user, String item, String time) {
            if (user == null || user.isBlank() || item == null || item.isBlank()) {
                throw new UsageException("the user and item column names must not be empty");
            }
            this.userColumn = user;
            this.itemColumn = item;
            this.timeColumn = time == null ? "" : time;
            return this;
        }

        public Builder optSeparator(String value) {
            String v = value.equals("\\t") || value.equals("tab") ? "\t" : value;
            if (v.length() != 1) {
                throw new UsageException("--separator must be one character (or 'tab'), found \"" + value + "\"");
            }
            this.separator = v.charAt(0);
            return this;
        }

        public LogOptions build() {
            return new LogOptions(this);
        }
    }
}
