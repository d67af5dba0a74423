package org.recsae.runtime.data;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.recsae.spi.BadInputException;

/**
 * Reads an interaction log from a folder or file, detecting the layout: a ReChorus folder ({@code train.csv}),
 * MovieLens ({@code ratings.csv}, {@code u.data}), or a generic delimited file with named columns. Each user's items
 * are sorted by time with a stable sort, so ties keep the file's order. Without a given split, the last item is the
 * test item and the second-to-last the dev item.
 */
public final class InteractionLogReader {
    private InteractionLogReader() {
    }

    public static InteractionLog read(Path data, LogOptions options) {
        if (!Files.exists(data)) {
            throw new BadInputException("data " + data + " does not exist; expected a log file or a folder holding one "
                    + "(ratings.csv, u.data, or ReChorus train.csv)");
        }
        LogFormat format = options.format().orElseGet(() -> detect(data));
        switch (format) {
            case RECHORUS:
                return readRechorus(Files.isDirectory(data) ? data : data.getParent());
            case MOVIELENS_CSV:
                return leaveOneOut(format, List.of(file(data, "ratings.csv")),
                        readRows(file(data, "ratings.csv"), ',', true, "userId", "movieId", "timestamp", 0));
            case MOVIELENS_100K:
                return leaveOneOut(format, List.of(file(data, "u.data")),
                        readHeaderless(file(data, "u.data"), '\t', 0, 1, 3));
            case GENERIC_CSV:
                if (Files.isDirectory(data)) {
                    throw new BadInputException("data " + data + " is a folder; a generic log must be one file");
                }
                return leaveOneOut(format, List.of(data), readRows(data, options.separator(), true,
                        options.userColumn(), options.itemColumn(), options.timeColumn(), 0));
            default:
                throw new IllegalStateException(format.toString());
        }
    }

    /** The layout of a log path, from the file names it holds. */
    public static LogFormat detect(Path data) {
        Path dir = Files.isDirectory(data) ? data : data.getParent();
        String name = Files.isDirectory(data) ? "" : data.getFileName().toString();
        if (name.equals("ratings.csv") || (name.isEmpty() && Files.isRegularFile(dir.resolve("ratings.csv")))) {
            return LogFormat.MOVIELENS_CSV;
        }
        if (name.equals("u.data") || (name.isEmpty() && Files.isRegularFile(dir.resolve("u.data")))) {
            return LogFormat.MOVIELENS_100K;
        }
        if (name.equals("train.csv") || (name.isEmpty() && Files.isRegularFile(dir.resolve("train.csv")))) {
            return LogFormat.RECHORUS;
        }
        if (!name.isEmpty()) {
            return LogFormat.GENERIC_CSV;
        }
        throw new BadInputException("data folder " + data + " holds no log recsae knows: expected ratings.csv "
                + "(MovieLens), u.data (MovieLens 100K) or train.csv (ReChorus), or pass a file with --user-col/--item-col");
    }

    private static Path file(Path data, String name) {
        return Files.isDirectory(data) ? data.resolve(name) : data;
    }

    private static InteractionLog readRechorus(Path dir) {
        Path train = dir.resolve("train.csv");
        List<Interaction> rows = readRows(train, '\t', true, "user_id", "item_id", "time", 0);
        Path dev = dir.resolve("dev.csv");
        Path test = dir.resolve("test.csv");
        if (!Files.isRegularFile(dev) && !Files.isRegularFile(test)) {
            return leaveOneOut(LogFormat.RECHORUS, List.of(train), rows);
        }
        if (!Files.isRegularFile(dev) || !Files.isRegularFile(test)) {
            throw new BadInputException("ReChorus folder " + dir + " has " + (Files.isRegularFile(dev) ? "dev.csv" : "test.csv")
                    + " but not " + (Files.isRegularFile(dev) ? "test.csv" : "dev.csv") + "; give both or neither");
        }
        Map<Long, List<Interaction>> byUser = group(rows);
        Map<Long, Long> devItem = singleItemPerUser(readRows(dev, '\t', true, "user_id", "item_id", "time", rows.size()), dev);
        Map<Long, Long> testItem = singleItemPerUser(readRows(test, '\t', true, "user_id", "item_id", "time",
                rows.size() + devItem.size()), test);
        List<UserHistory> users = new ArrayList<>();
        for (Map.Entry<Long, List<Interaction>> e : byUser.entrySet()) {
            List<Interaction> list = e.getValue();
            long[] base = list.stream().mapToLong(Interaction::item).toArray();
            Long d = devItem.get(e.getKey());
            Long t = testItem.get(e.getKey());
            long[] items = new long[base.length + (d != null ? 1 : 0) + (t != null ? 1 : 0)];
            System.arraycopy(base, 0, items, 0, base.length);
            int k = base.length;
            int devPos = -1;
            int testPos = -1;
            if (d != null) {
                devPos = k;
                items[k++] = d;
            }
            if (t != null) {
                testPos = k;
                items[k] = t;
            }
            users.add(new UserHistory(e.getKey(), items, devPos, testPos));
        }
        return new InteractionLog(LogFormat.RECHORUS, List.of(train, dev, test), users,
                rows.size() + devItem.size() + testItem.size(), true);
    }

    private static Map<Long, Long> singleItemPerUser(List<Interaction> rows, Path file) {
        Map<Long, Long> out = new TreeMap<>();
        for (Interaction i : rows) {
            if (out.put(i.user(), i.item()) != null) {
                throw new BadInputException(file + ": user " + i.user() + " has more than one row; a ReChorus "
                        + "dev/test file holds one item per user");
            }
        }
        return out;
    }

    private static InteractionLog leaveOneOut(LogFormat format, List<Path> files, List<Interaction> rows) {
        List<UserHistory> users = new ArrayList<>();
        for (Map.Entry<Long, List<Interaction>> e : group(rows).entrySet()) {
            users.add(UserHistory.leaveOneOut(e.getKey(), e.getValue().stream().mapToLong(Interaction::item).toArray()));
        }
        return new InteractionLog(format, files, users, rows.size(), false);
    }

    /** Users in ascending id order, each user's rows stably sorted by time. */
    private static Map<Long, List<Interaction>> group(List<Interaction> rows) {
        Map<Long, List<Interaction>> byUser = new TreeMap<>();
        for (Interaction i : rows) {
            byUser.computeIfAbsent(i.user(), k -> new ArrayList<>()).add(i);
        }
        for (List<Interaction> list : byUser.values()) {
            list.sort(Comparator.comparingLong(Interaction::time).thenComparingLong(Interaction::order));
        }
        return byUser;
    }

    private static List<Interaction> readRows(Path file, char separator, boolean header, String userCol,
                                              String itemCol, String timeCol, long firstOrder) {
        List<Interaction> rows = new ArrayList<>();
        try (DelimitedFile in = new DelimitedFile(file, separator, StandardCharsets.UTF_8)) {
            List<String> head = in.next();
            if (head == null) {
                throw new BadInputException("data file " + file + " is empty; expected a header with columns "
                        + userCol + ", " + itemCol + (timeCol.isEmpty() ? "" : ", " + timeCol));
            }
            head.replaceAll(s -> s.trim().replace("\uFEFF", ""));
            int u = head.indexOf(userCol);
            int it = head.indexOf(itemCol);
            int t = timeCol.isEmpty() ? -1 : head.indexOf(timeCol);
            if (u < 0 || it < 0 || (!timeCol.isEmpty() && t < 0)) {
                throw new BadInputException("data file " + file + ": expected columns " + userCol + ", " + itemCol
                        + (timeCol.isEmpty() ? "" : ", " + timeCol) + " in the header, found " + head);
            }
            int needed = Math.max(u, Math.max(it, t)) + 1;
            List<String> f;
            long order = firstOrder;
            while ((f = in.next()) != null) {
                if (f.size() < needed) {
                    throw in.error("expected at least " + needed + " fields, found " + f.size());
                }
                long time = t < 0 ? order : in.parseId(f, t, timeCol);
                rows.add(new Interaction(in.parseId(f, u, userCol), in.parseId(f, it, itemCol), time, order++));
            }
        }
        if (rows.isEmpty()) {
            throw new BadInputException("data file " + file + " has a header but no interactions");
        }
        return rows;
    }

    private static List<Interaction> readHeaderless(Path file, char separator, int u, int it, int t) {
        List<Interaction> rows = new ArrayList<>();
        try (DelimitedFile in = new DelimitedFile(file, separator, StandardCharsets.ISO_8859_1)) {
            List<String> f;
            long order = 0;
            while ((f = in.next()) != null) {
                if (f.size() <= Math.max(u, Math.max(it, t))) {
                    throw in.error("expected user, item, rating and timestamp fields, found " + f.size() + " fields");
                }
                rows.add(new Interaction(in.parseId(f, u, "user"), in.parseId(f, it, "item"),
                        in.parseId(f, t, "timestamp"), order++));
            }
        }
        if (rows.isEmpty()) {
            throw new BadInputException("data file " + file + " is empty; expected tab-separated user, item, rating, timestamp");
        }
        return rows;
    }
}
