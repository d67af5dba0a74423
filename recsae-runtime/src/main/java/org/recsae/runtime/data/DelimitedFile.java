package org.recsae.runtime.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.recsae.spi.BadInputException;

/**
 * Reads a delimited text file line by line: CRLF or LF endings, optional double-quoted fields (with {@code ""} for
 * a quote), and errors that name the file and line.
 */
final class DelimitedFile implements AutoCloseable {
    private final Path file;
    private final char separator;
    private final BufferedReader reader;
    private int lineNumber;

    DelimitedFile(Path file, char separator, Charset charset) {
        this.file = file;
        this.separator = separator;
        if (!Files.isRegularFile(file)) {
            throw new BadInputException("data file " + file + " does not exist");
        }
        try {
            this.reader = Files.newBufferedReader(file, charset);
        } catch (IOException e) {
            throw new BadInputException("data file " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    Path file() {
        return file;
    }

    int lineNumber() {
        return lineNumber;
    }

    /**
     * The next record's fields, or null at the end; blank lines are skipped. A quoted field may span lines (RFC
     * 4180), so titles with line breaks survive.
     */
    List<String> next() {
        try {
            String line;
            do {
                line = reader.readLine();
                lineNumber++;
                if (line == null) {
                    return null;
                }
            } while (line.isBlank());
            int firstLine = lineNumber;
            List<String> fields = new ArrayList<>();
            StringBuilder cur = new StringBuilder();
            boolean quoted = false;
            while (true) {
                quoted = split(line, fields, cur, quoted);
                if (!quoted) {
                    break;
                }
                line = reader.readLine();
                lineNumber++;
                if (line == null) {
                    throw new BadInputException(file + ", line " + firstLine + ": a quoted field is not closed before "
                            + "the end of the file");
                }
                cur.append('\n');
            }
            fields.add(cur.toString());
            return fields;
        } catch (java.nio.charset.MalformedInputException e) {
            throw new BadInputException(file + ", line " + lineNumber + ": not valid text in the expected encoding", e);
        } catch (IOException e) {
            throw new BadInputException(file + ", line " + lineNumber + ": " + e.getMessage(), e);
        }
    }

    /** Splits one physical line into {@code fields}; returns whether a quoted field is still open at its end. */
    private boolean split(String line, List<String> fields, StringBuilder cur, boolean quoted) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        cur.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cur.append(c);
                }
            } else if (c == '"' && cur.length() == 0) {
                quoted = true;
            } else if (c == separator) {
                fields.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        return quoted;
    }

    BadInputException error(String problem) {
        return new BadInputException(file + ", line " + lineNumber + ": " + problem);
    }

    /** Parses an id or timestamp column: a non-negative integer. */
    long parseId(List<String> fields, int column, String name) {
        String text = fields.get(column).trim();
        java.util.OptionalLong value = IdText.value(text);
        if (value.isEmpty()) {
            throw error(IdText.problem(name, text));
        }
        return value.getAsLong();
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException ignored) {
            // read-only file; nothing to lose
        }
    }
}
