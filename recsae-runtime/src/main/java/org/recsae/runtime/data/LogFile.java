package org.recsae.runtime.data;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.recsae.spi.BadInputException;

/**
 * One file of an interaction log and where its user, item and time fields are. The whole-log reader and the sorted
 * one both read through here, so each layout's columns and checks are written once.
 */
public sealed interface LogFile permits LogFile.Named, LogFile.Positional {
    Path path();

    /** Hands every row to {@code sink}, numbered from {@code firstOrder}; returns how many. No rows is an error. */
    long read(long firstOrder, RowSink sink);

    /** A UTF-8 file whose header names the columns; without a time column, file order is time order. */
    record Named(Path path, char separator, String userColumn, String itemColumn, String timeColumn)
            implements LogFile {
        @Override
        public long read(long firstOrder, RowSink sink) {
            String expected = userColumn + ", " + itemColumn + (timeColumn.isEmpty() ? "" : ", " + timeColumn);
            long order = firstOrder;
            try (DelimitedFile in = new DelimitedFile(path, separator, StandardCharsets.UTF_8)) {
                List<String> head = in.next();
                if (head == null) {
                    throw new BadInputException("data file " + path + " is empty; expected a header with columns "
                            + expected);
                }
                head.replaceAll(s -> s.trim().replace("\uFEFF", ""));
                int u = head.indexOf(userColumn);
                int it = head.indexOf(itemColumn);
                int t = timeColumn.isEmpty() ? -1 : head.indexOf(timeColumn);
                if (u < 0 || it < 0 || (!timeColumn.isEmpty() && t < 0)) {
                    throw new BadInputException("data file " + path + ": expected columns " + expected
                            + " in the header, found " + head);
                }
                int needed = Math.max(u, Math.max(it, t)) + 1;
                List<String> f;
                while ((f = in.next()) != null) {
                    if (f.size() < needed) {
                        throw in.error("expected at least " + needed + " fields, found " + f.size());
                    }
                    long time = t < 0 ? order : in.parseId(f, t, timeColumn);
                    sink.accept(in.parseId(f, u, userColumn), in.parseId(f, it, itemColumn), time, order++);
                }
            }
            if (order == firstOrder) {
                throw new BadInputException("data file " + path + " has a header but no interactions");
            }
            return order - firstOrder;
        }
    }

    /** A headerless Latin-1 file (MovieLens 100K {@code u.data}) with the fields at fixed columns. */
    record Positional(Path path, char separator, int user, int item, int time) implements LogFile {
        @Override
        public long read(long firstOrder, RowSink sink) {
            long order = firstOrder;
            try (DelimitedFile in = new DelimitedFile(path, separator, StandardCharsets.ISO_8859_1)) {
                List<String> f;
                while ((f = in.next()) != null) {
                    if (f.size() <= Math.max(user, Math.max(item, time))) {
                        throw in.error("expected user, item, rating and timestamp fields, found " + f.size()
                                + " fields");
                    }
                    sink.accept(in.parseId(f, user, "user"), in.parseId(f, item, "item"),
                            in.parseId(f, time, "timestamp"), order++);
                }
            }
            if (order == firstOrder) {
                throw new BadInputException("data file " + path + " is empty; expected tab-separated user, item, "
                        + "rating, timestamp");
            }
            return order - firstOrder;
        }
    }
}
