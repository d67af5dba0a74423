package org.recsae.runtime.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.recsae.spi.BadInputException;

/**
 * Which files make up a log and how each is laid out: a ReChorus folder ({@code train.csv}, optionally with its own
 * {@code dev.csv} and {@code test.csv}), MovieLens ({@code ratings.csv}, {@code u.data}), or a generic delimited file
 * with named columns. Readers (this package's, and recsae-spark's through Spark's CSV reader) take it from here
 * rather than knowing the layouts themselves.
 *
 * @param files every file read, for fingerprints and messages
 * @param dev   ReChorus's dev file, one item per user; present exactly when {@code test} is
 */
public record LogSource(LogFormat format, List<Path> files, LogFile train, Optional<LogFile> dev, Optional<LogFile> test) {
    public LogSource {
        files = List.copyOf(files);
    }

    public static LogSource of(Path data, LogOptions options) {
        if (!Files.exists(data)) {
            throw new BadInputException("data " + data + " does not exist; expected a log file or a folder holding one "
                    + "(ratings.csv, u.data, or ReChorus train.csv)");
        }
        LogFormat format = options.format().orElseGet(() -> detect(data));
        switch (format) {
            case RECHORUS:
                return rechorus(Files.isDirectory(data) ? data : data.getParent());
            case MOVIELENS_CSV:
                return single(format, new LogFile.Named(file(data, "ratings.csv"), ',', "userId", "movieId",
                        "timestamp"));
            case MOVIELENS_100K:
                return single(format, new LogFile.Positional(file(data, "u.data"), '\t', 0, 1, 3));
            case GENERIC_CSV:
                if (Files.isDirectory(data)) {
                    throw new BadInputException("data " + data + " is a folder; a generic log must be one file");
                }
                return single(format, new LogFile.Named(data, options.separator(), options.userColumn(),
                        options.itemColumn(), options.timeColumn()));
            default:
                throw new IllegalStateException(format.toString());
        }
    }

    /** The layout of a log path, from the file names it holds. */
    static LogFormat detect(Path data) {
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

    /** Whether the log comes with its own dev/test split; otherwise readers split leave-one-out. */
    public boolean splitGiven() {
        return dev.isPresent();
    }

    private static LogSource single(LogFormat format, LogFile file) {
        return new LogSource(format, List.of(file.path()), file, Optional.empty(), Optional.empty());
    }

    private static Path file(Path data, String name) {
        return Files.isDirectory(data) ? data.resolve(name) : data;
    }

    private static LogSource rechorus(Path dir) {
        LogFile train = rechorusFile(dir.resolve("train.csv"));
        Path dev = dir.resolve("dev.csv");
        Path test = dir.resolve("test.csv");
        if (!Files.isRegularFile(dev) && !Files.isRegularFile(test)) {
            return single(LogFormat.RECHORUS, train);
        }
        if (!Files.isRegularFile(dev) || !Files.isRegularFile(test)) {
            throw new BadInputException("ReChorus folder " + dir + " has " + (Files.isRegularFile(dev) ? "dev.csv" : "test.csv")
                    + " but not " + (Files.isRegularFile(dev) ? "test.csv" : "dev.csv") + "; give both or neither");
        }
        return new LogSource(LogFormat.RECHORUS, List.of(train.path(), dev, test), train,
                Optional.of(rechorusFile(dev)), Optional.of(rechorusFile(test)));
    }

    private static LogFile rechorusFile(Path file) {
        return new LogFile.Named(file, '\t', "user_id", "item_id", "time");
    }
}
