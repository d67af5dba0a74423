package org.recsae.runtime.store;

/** RFC 4180 fields for the CSV files recsae writes, so any text (quotes, separators, line breaks) round-trips. */
public final class CsvText {
    private CsvText() {
    }

    public static String field(String text) {
        boolean plain = true;
        for (int i = 0; i < text.length() && plain; i++) {
            char c = text.charAt(i);
            plain = c != ',' && c != '"' && c != '\n' && c != '\r';
        }
        return plain ? text : '"' + text.replace("\"", "\"\"") + '"';
    }

    /** One record: the fields joined by commas, ended by a line feed. */
    public static String row(Object... fields) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(field(String.valueOf(fields[i])));
        }
        return sb.append('\n').toString();
    }
}
