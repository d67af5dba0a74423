package org.recsae.dist;

import java.util.ArrayList;
import java.util.List;

/** A strict RFC 4180 reader for checking the CSV files recsae writes (independent of recsae's own reader). */
final class CsvRecords {
    private CsvRecords() {
    }

    static List<List<String>> parse(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                if (cur.length() > 0) {
                    throw new IllegalArgumentException("a quote inside an unquoted field at offset " + i);
                }
                quoted = true;
            } else if (c == ',') {
                fields.add(cur.toString());
                cur.setLength(0);
            } else if (c == '\n') {
                fields.add(cur.toString());
                cur.setLength(0);
                records.add(fields);
                fields = new ArrayList<>();
            } else {
                cur.append(c);
            }
        }
        if (quoted || cur.length() > 0 || !fields.isEmpty()) {
            throw new IllegalArgumentException("the last record is not ended by a line feed");
        }
        return records;
    }
}
