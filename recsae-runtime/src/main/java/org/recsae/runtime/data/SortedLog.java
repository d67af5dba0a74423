package org.recsae.runtime.data;

import java.nio.file.Path;
import java.util.List;

/**
 * An interaction log sorted once, in bounded memory, and then replayed user by user as often as needed: the same
 * users, histories and splits as {@link InteractionLogReader#read}, in the same order, without holding them all.
 * A log larger than one chunk is sorted on disk under {@code workDir}; {@link #close()} removes those files, and a
 * failure while reading removes them before it is thrown.
 */
public final class SortedLog implements AutoCloseable {
    /**
     * Rows per in-memory chunk: 2 MB of arrays whatever the log's size. Each of its four arrays stays under 512 KiB,
     * half of G1's smallest region, so they are ordinary young objects: as humongous objects they outlived the
     * sort by minutes of young collections, in regions that count towards the process's memory.
     */
    static final int CHUNK_ROWS = 60_000;

    private final LogSource source;
    private final ExternalSort sort;
    private final HistorySplit split;

    private SortedLog(LogSource source, ExternalSort sort, HistorySplit split) {
        this.source = source;
        this.sort = sort;
        this.split = split;
    }

    public static SortedLog open(Path data, LogOptions options, Path workDir) {
        return open(data, options, workDir, CHUNK_ROWS);
    }

    static SortedLog open(Path data, LogOptions options, Path workDir, int chunkRows) {
        LogSource source = LogSource.of(data, options);
        ExternalSort sort = new ExternalSort(workDir, chunkRows);
        try {
            source.train().read(0, sort);
            HistorySplit split = HistorySplit.read(source, sort.rows());
            sort.finish();
            return new SortedLog(source, sort, split);
        } catch (RuntimeException e) {
            sort.close();
            throw e;
        }
    }

    public LogFormat format() {
        return source.format();
    }

    /** The files read, for fingerprints and messages. */
    public List<Path> files() {
        return source.files();
    }

    /** Rows read, the dev and test files' included, as {@link InteractionLog#interactions()} counts them. */
    public long interactions() {
        return sort.rows() + split.rows();
    }

    public boolean splitGiven() {
        return source.splitGiven();
    }

    /** Whether the log was too large for one chunk and went through files on disk. */
    boolean spilled() {
        return sort.spilled();
    }

    /** A new pass over the users from the first. */
    public UserCursor users() {
        return new UserCursor(sort.pairs(), split);
    }

    @Override
    public void close() {
        sort.close();
    }
}
