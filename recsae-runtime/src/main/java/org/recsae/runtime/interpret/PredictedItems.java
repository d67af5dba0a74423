package org.recsae.runtime.interpret;

import org.recsae.runtime.capture.CapturedPrefixes;
import org.recsae.runtime.eval.ScoreBatch;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.recsae.runtime.capture.CapturedRun;
import org.recsae.runtime.eval.StateScorer;
import org.recsae.runtime.eval.TopItems;
import org.recsae.runtime.progress.Progress;
import org.recsae.runtime.sae.ActivationSet;
import org.recsae.runtime.store.AtomicFiles;
import org.recsae.runtime.store.Hashing;
import org.recsae.spi.BadInputException;
import org.recsae.spi.ItemScores;

/**
 * The item the model ranks first at every captured prefix (the history it saw left out), scored through the tail
 * from the cached states; the head is never rerun. Cached in {@code RUN/concepts/cache/} under a key of the
 * capture's outputs, so a rerun or a resumed run skips it.
 */
public final class PredictedItems {
    private static final int BATCH = 512;
    static final String FILE = "predicted_items.txt";

    private PredictedItems() {
    }

    public static int[] load(CapturedRun cr, ActivationSet set, CapturedPrefixes prefixes, Path cacheDir,
                             PrintStream err) {
        Path file = cacheDir.resolve(FILE);
        String key = key(cr);
        int[] cached = readCache(file, key, prefixes.rows());
        if (cached != null) {
            return cached;
        }
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        StateScorer scorer = StateScorer.forCapturedVectors(cr, threads).orElseThrow(() -> new BadInputException(
                "interpret needs the model's top item at each captured prefix, which recsae reads by scoring the "
                        + "captured vectors through the tail at the user state; probe '" + cr.probe().tensor() + "' ("
                        + cr.probe().role().jsonName() + ") is neither the user state nor the per-position states it "
                        + "is verified to be selected from, or that tail still reads the history. Capture the "
                        + "sequence_states or user_state probe"));
        int n = prefixes.rows();
        int[] top = new int[n];
        int padding = cr.model().signature().paddingId();
        int[] unnamed = unnamedItems(cr);
        try (scorer) {
            Progress progress = Progress.start(err, "top item at every prefix", "prefixes", n);
            int rows = ScoreBatch.rows(BATCH, cr.model().signature().itemCount());
            float[] x = new float[rows * set.width()];
            for (int from = 0; from < n; from += rows) {
                int count = Math.min(rows, n - from);
                set.read(from, count, x);
                ItemScores scores = scorer.score(count == rows ? x : java.util.Arrays.copyOf(x, count * set.width()),
                        count);
                for (int i = 0; i < count; i++) {
                    int[] seen = prefixes.history(from + i);
                    int[] masked = java.util.Arrays.copyOf(seen, seen.length + unnamed.length);
                    System.arraycopy(unnamed, 0, masked, seen.length, unnamed.length);
                    top[from + i] = TopItems.excludingHistory(scores.rows()[i], masked, masked.length, 1)[0];
                }
                progress.advance(count);
            }
            progress.finish();
        }
        writeCache(file, key, top);
        return top;
    }

    /** Item indices no raw id maps to (padding, gaps in the id map): never shown as a recommendation. */
    public static int[] unnamedItems(CapturedRun cr) {
        int n = cr.model().signature().itemCount();
        java.util.List<Integer> out = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (cr.log().ids().raw(i) < 0 || i == cr.model().signature().paddingId()) {
                out.add(i);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The capture's identity: its model and shards, which decide every prefix's top item. */
    static String key(CapturedRun cr) {
        // The format tag changes whenever the way top items are picked does, so old caches are not trusted.
        StringBuilder sb = new StringBuilder("top-item/2 ").append(cr.capture().path("inputs").path("model")
                .path("sha256").asText());
        cr.capture().path("outputs").path("shards").forEach(s -> sb.append(',').append(s.path("sha256").asText()));
        return Hashing.sha256(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static int[] readCache(Path file, String key, int rows) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.size() != rows + 1 || !lines.get(0).equals("# " + key)) {
                return null;
            }
            int[] top = new int[rows];
            for (int i = 0; i < rows; i++) {
                top[i] = Integer.parseInt(lines.get(i + 1));
            }
            return top;
        } catch (IOException | NumberFormatException e) {
            return null; // a damaged cache is recomputed, never trusted
        }
    }

    private static void writeCache(Path file, String key, int[] top) {
        StringBuilder sb = new StringBuilder(top.length * 6).append("# ").append(key).append('\n');
        for (int t : top) {
            sb.append(t).append('\n');
        }
        AtomicFiles.writeString(file, sb.toString());
    }
}
