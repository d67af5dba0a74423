package org.recsae.runtime.capture;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.recsae.runtime.data.IndexedLog;
import org.recsae.runtime.data.IndexedUser;
import org.recsae.spi.BadInputException;

/**
 * What each captured vector was computed from, read back from {@code RUN/activations/rows.csv}: the user, and the
 * history the model saw up to that position (from the start of its capture window, as capture cut them).
 */
public final class CapturedPrefixes {
    private final IndexedUser[] users;
    private final int[] userOrdinal;
    private final int[] position;
    private final int[] windowStart;

    private CapturedPrefixes(IndexedUser[] users, int[] userOrdinal, int[] position, int[] windowStart) {
        this.users = users;
        this.userOrdinal = userOrdinal;
        this.position = position;
        this.windowStart = windowStart;
    }

    /** The run's {@code activations/rows.csv}, cut as its capture cut the histories. */
    public static CapturedPrefixes read(CapturedRun cr, long expectedRows) {
        return read(cr.run().stageDir("activations").resolve(CapturedRowsWriter.ROWS_FILE), cr.log(), expectedRows,
                cr.model().signature().maxLength(), cr.windowing());
    }

    /**
     * @param maxLength the model's history length
     * @param windowing how capture cut the histories: blocks from the end (a row saw its block up to its position)
     *                  or one prefix per row (a row saw the newest {@code maxLength} items up to its position)
     */
    public static CapturedPrefixes read(Path rowsFile, IndexedLog log, long expectedRows, int maxLength,
                                        CaptureWindow.Windowing windowing) {
        Map<Long, Integer> ordinalOf = new HashMap<>();
        IndexedUser[] users = log.users().toArray(new IndexedUser[0]);
        for (int u = 0; u < users.length; u++) {
            ordinalOf.put(users[u].user(), u);
        }
        if (expectedRows > Integer.MAX_VALUE) {
            throw new BadInputException(rowsFile + ": too many rows (" + expectedRows + ")");
        }
        int n = (int) expectedRows;
        int[] ordinal = new int[n];
        int[] pos = new int[n];
        int[] start = new int[n];
        try (BufferedReader in = Files.newBufferedReader(rowsFile, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (header == null || !header.startsWith("user,position,item,item_index")) {
                throw new BadInputException(rowsFile + ": expected the header 'user,position,item,item_index', found "
                        + (header == null ? "an empty file" : "'" + header + "'"));
            }
            String line;
            int r = 0;
            while ((line = in.readLine()) != null) {
                if (line.isEmpty()) {
                    continue;
                }
                if (r >= n) {
                    throw new BadInputException(rowsFile + " has more rows than the " + n + " captured vectors");
                }
                String[] f = line.split(",", -1);
                Integer u = ordinalOf.get(Long.parseLong(f[0]));
                if (u == null) {
                    throw new BadInputException(rowsFile + ", row " + (r + 1) + ": user " + f[0]
                            + " is not in the interaction log any more; capture again");
                }
                ordinal[r] = u;
                pos[r] = Integer.parseInt(f[1]);
                int item = Integer.parseInt(f[3]);
                if (pos[r] >= users[u].items().length || users[u].items()[pos[r]] != item) {
                    throw new BadInputException(rowsFile + ", row " + (r + 1) + ": user " + f[0] + " at position "
                            + pos[r] + " does not have item " + f[2] + " in the log any more; capture again");
                }
                start[r] = windowing.start(users[u].beforeTest(), pos[r], maxLength);
                r++;
            }
            if (r != n) {
                throw new BadInputException(rowsFile + " has " + r + " rows but the activation shards hold " + n
                        + " vectors");
            }
        } catch (IOException | NumberFormatException | ArrayIndexOutOfBoundsException e) {
            throw new BadInputException("cannot read " + rowsFile + ": " + e.getMessage(), e);
        }
        return new CapturedPrefixes(users, ordinal, pos, start);
    }

    /** Where the capture window holding {@code position} starts (windows are cut from {@code end} backwards). */
    static int windowStart(int end, int position, int maxLength) {
        return CaptureWindow.Windowing.BLOCKS.start(end, position, maxLength);
    }

    public int rows() {
        return position.length;
    }

    public long user(int row) {
        return users[userOrdinal[row]].user();
    }

    /** The user whose history {@code row} was computed from. */
    public IndexedUser indexedUser(int row) {
        return users[userOrdinal[row]];
    }

    public int userOrdinal(int row) {
        return userOrdinal[row];
    }

    public int position(int row) {
        return position[row];
    }

    /** The history the model saw at {@code row}, oldest first, ending with the row's own item. */
    public int[] history(int row) {
        return Arrays.copyOfRange(users[userOrdinal[row]].items(), windowStart[row], position[row] + 1);
    }

    /** The newest {@code n} items of {@link #history(int)}. */
    public int[] newestHistory(int row, int n) {
        int to = position[row] + 1;
        return Arrays.copyOfRange(users[userOrdinal[row]].items(), Math.max(windowStart[row], to - n), to);
    }
}
