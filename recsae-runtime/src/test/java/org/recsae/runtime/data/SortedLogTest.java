package org.recsae.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsae.spi.BadInputException;

/**
 * The sorted, bounded-memory reader gives exactly the whole-log reader's users, histories and splits, whether the
 * log fits in one chunk or is spilled and merged, and leaves no file behind, also when reading fails.
 */
class SortedLogTest {
    @TempDir
    Path dir;

    @TempDir
    Path work;

    private static Path ratings() {
        Path d = Path.of("").toAbsolutePath();
        while (d != null && !Files.isRegularFile(d.resolve("examples/data/ml-latest-small/ratings.csv"))) {
            d = d.getParent();
        }
        assertTrue(d != null, "examples/data/ml-latest-small not found above the working directory");
        return d.resolve("examples/data/ml-latest-small/ratings.csv");
    }

    /** The rows of ml-latest-small (user, item, time), times divided by {@code coarse} so ties abound. */
    private static List<long[]> rows(long coarse) throws IOException {
        List<long[]> rows = new ArrayList<>();
        List<String> lines = Files.readAllLines(ratings());
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            rows.add(new long[] {Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[3]) / coarse});
        }
        return rows;
    }

    /** Reads {@code data} both ways and checks them user by user, over two passes; then no file is left. */
    private SortedLogTest assertSameAsWholeLog(Path data, LogOptions options, int chunkRows, boolean spills) {
        InteractionLog whole = InteractionLogReader.read(data, options);
        try (SortedLog sorted = SortedLog.open(data, options, work, chunkRows)) {
            assertEquals(spills, sorted.spilled(), "spilled");
            assertEquals(whole.format(), sorted.format());
            assertEquals(whole.files(), sorted.files());
            assertEquals(whole.interactions(), sorted.interactions());
            assertEquals(whole.splitGiven(), sorted.splitGiven());
            for (int pass = 0; pass < 2; pass++) {
                try (UserCursor users = sorted.users()) {
                    for (UserHistory expected : whole.users()) {
                        UserHistory actual = users.next();
                        assertTrue(actual != null, "users end early, before " + expected.user());
                        assertEquals(expected.user(), actual.user());
                        assertArrayEquals(expected.items(), actual.items(), "items of user " + expected.user());
                        assertEquals(expected.devPosition(), actual.devPosition(), "dev of " + expected.user());
                        assertEquals(expected.testPosition(), actual.testPosition(), "test of " + expected.user());
                    }
                    assertNull(users.next(), "more users than the whole log has");
                }
            }
        }
        assertNoFilesLeft();
        return this;
    }

    private void assertNoFilesLeft() {
        try (Stream<Path> files = Files.walk(work)) {
            List<Path> left = files.filter(p -> !p.equals(work)).toList();
            assertTrue(left.isEmpty(), "left behind: " + left);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void bundledMovielensInOneChunkAndSpilled() {
        Path data = ratings().getParent();
        assertSameAsWholeLog(data, LogOptions.defaults(), Integer.MAX_VALUE - 8, false);
        assertSameAsWholeLog(data, LogOptions.defaults(), SortedLog.CHUNK_ROWS, true);
        // 101 rows a chunk: a thousand runs, merged in more than one level.
        assertSameAsWholeLog(data, LogOptions.defaults(), 101, true);
    }

    @Test
    void movielens100kWithTiesInTime() throws IOException {
        StringBuilder text = new StringBuilder();
        for (long[] r : rows(100_000)) {
            text.append(r[0]).append('\t').append(r[1]).append("\t3\t").append(r[2]).append('\n');
        }
        Files.writeString(dir.resolve("u.data"), text, StandardCharsets.ISO_8859_1);
        assertSameAsWholeLog(dir, LogOptions.defaults(), 4096, true);
        assertSameAsWholeLog(dir.resolve("u.data"), LogOptions.defaults(), 1 << 20, false);
    }

    @Test
    void rechorusWithItsOwnDevAndTest() throws IOException {
        List<long[]> rows = rows(1000);
        SplittableRandom random = new SplittableRandom(11);
        Collections.shuffle(rows, new java.util.Random(5));
        StringBuilder train = new StringBuilder("user_id\titem_id\ttime\n");
        StringBuilder dev = new StringBuilder("user_id\titem_id\ttime\tneg_items\n");
        StringBuilder test = new StringBuilder("user_id\titem_id\ttime\tneg_items\n");
        java.util.Set<Long> withDev = new java.util.HashSet<>();
        java.util.Set<Long> withTest = new java.util.HashSet<>();
        for (long[] r : rows) {
            // Some users get a dev item, some a test item, some both or neither; the rest goes to train.
            if (r[0] % 3 != 0 && withDev.add(r[0]) && random.nextBoolean()) {
                dev.append(r[0]).append('\t').append(r[1]).append('\t').append(r[2]).append("\t[1, 2]\n");
            } else if (r[0] % 5 != 0 && withTest.add(r[0])) {
                test.append(r[0]).append('\t').append(r[1]).append('\t').append(r[2]).append("\t[3]\n");
            } else {
                train.append(r[0]).append('\t').append(r[1]).append('\t').append(r[2]).append('\n');
            }
        }
        dev.append("999999\t1\t5\t[1]\n"); // a dev user with no training rows: read, but no history
        Files.writeString(dir.resolve("train.csv"), train);
        Files.writeString(dir.resolve("dev.csv"), dev);
        Files.writeString(dir.resolve("test.csv"), test);
        assertSameAsWholeLog(dir, LogOptions.defaults(), 777, true);
        assertSameAsWholeLog(dir, LogOptions.defaults(), 1 << 20, false);
    }

    @Test
    void genericFileWithoutTimeColumnKeepsFileOrder() throws IOException {
        Path f = Files.writeString(dir.resolve("clicks.csv"), "sku;uid\n5;2\n3;1\n9;2\n1;1\n1;2\n4;1\n7;3\n");
        LogOptions options = LogOptions.builder().optColumns("uid", "sku", "").optSeparator(";").build();
        assertSameAsWholeLog(f, options, 2, true);
        assertSameAsWholeLog(f, options, 1, true);
    }

    @Test
    void parseErrorAfterSpillingNamesTheLineAndLeavesNothing() throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(ratings()));
        lines.set(5000, "7,12,4.0,soon");
        Path bad = Files.write(dir.resolve("ratings.csv"), lines);
        BadInputException e = assertThrows(BadInputException.class,
                () -> SortedLog.open(bad, LogOptions.defaults(), work, 1000));
        assertEquals(InteractionLogReaderError.of(bad), e.getMessage());
        assertTrue(e.getMessage().contains("line 5001") && e.getMessage().contains("'timestamp'"), e.getMessage());
        assertNoFilesLeft();
    }

    @Test
    void repeatedDevUserAfterSpillingIsTheWholeReadersErrorAndLeavesNothing() throws IOException {
        Files.writeString(dir.resolve("train.csv"), "user_id\titem_id\ttime\n1\t5\t10\n2\t6\t20\n1\t7\t30\n3\t8\t1\n");
        Files.writeString(dir.resolve("dev.csv"), "user_id\titem_id\ttime\n3\t1\t1\n2\t1\t1\n3\t2\t2\n2\t2\t2\n");
        Files.writeString(dir.resolve("test.csv"), "user_id\titem_id\ttime\n1\t9\t40\n");
        BadInputException e = assertThrows(BadInputException.class,
                () -> SortedLog.open(dir, LogOptions.defaults(), work, 1));
        assertEquals(InteractionLogReaderError.of(dir), e.getMessage());
        assertTrue(e.getMessage().contains("user 3 has more than one row"), e.getMessage());
        assertNoFilesLeft();
    }

    @Test
    void aFileWithoutRowsIsRefusedAsBefore() throws IOException {
        Path f = Files.writeString(dir.resolve("ratings.csv"), "userId,movieId,rating,timestamp\n");
        BadInputException e = assertThrows(BadInputException.class,
                () -> SortedLog.open(f, LogOptions.defaults(), work));
        assertEquals(InteractionLogReaderError.of(f), e.getMessage());
        assertFalse(Files.exists(work) && work.toFile().list().length > 0);
    }

    /** The message the whole-log reader gives for a bad log. */
    private static final class InteractionLogReaderError {
        static String of(Path data) {
            return assertThrows(BadInputException.class, () -> InteractionLogReader.read(data, LogOptions.defaults()))
                    .getMessage();
        }
    }
}
