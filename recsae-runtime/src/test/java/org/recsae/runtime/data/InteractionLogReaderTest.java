package org.recsae.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsae.spi.BadInputException;

class InteractionLogReaderTest {
    @TempDir
    Path dir;

    @Test
    void movielensCsvWithCrlfSortsByTimeAndKeepsFileOrderOnTies() throws IOException {
        Files.writeString(dir.resolve("ratings.csv"), "userId,movieId,rating,timestamp\r\n"
                + "2,30,4.0,100\r\n1,10,4.0,300\r\n1,11,3.5,100\r\n1,12,5.0,100\r\n1,13,2.0,200\r\n2,31,1.0,50\r\n");
        InteractionLog log = InteractionLogReader.read(dir, LogOptions.defaults());
        assertEquals(LogFormat.MOVIELENS_CSV, log.format());
        assertEquals(6, log.interactions());
        UserHistory one = log.users().get(0);
        assertEquals(1, one.user());
        // 11 and 12 share time 100 and keep their file order; 13 (200) and 10 (300) follow.
        assertArrayEquals(new long[] {11, 12, 13, 10}, one.items());
        assertEquals(3, one.testPosition());
        assertEquals(2, one.devPosition());
        assertEquals(2, one.trainLength());
        UserHistory two = log.users().get(1);
        assertArrayEquals(new long[] {31, 30}, two.items());
        assertEquals(1, two.testPosition());
        assertEquals(-1, two.devPosition(), "two items: a test item and no dev item");
        assertFalse(log.splitGiven());
    }

    @Test
    void movielens100kIsTabSeparatedWithoutHeader() throws IOException {
        Files.writeString(dir.resolve("u.data"), "196\t242\t3\t881250949\n186\t302\t3\t891717742\n196\t377\t1\t878887116\n");
        InteractionLog log = InteractionLogReader.read(dir.resolve("u.data"), LogOptions.defaults());
        assertEquals(LogFormat.MOVIELENS_100K, log.format());
        assertEquals(186, log.users().get(0).user());
        assertArrayEquals(new long[] {377, 242}, log.users().get(1).items());
    }

    @Test
    void rechorusKeepsItsOwnSplit() throws IOException {
        Files.writeString(dir.resolve("train.csv"), "user_id\titem_id\ttime\n1\t5\t10\n1\t6\t20\n2\t7\t5\n");
        Files.writeString(dir.resolve("dev.csv"), "user_id\titem_id\ttime\tneg_items\n1\t8\t30\t[1, 2]\n2\t9\t6\t[3]\n");
        Files.writeString(dir.resolve("test.csv"), "user_id\titem_id\ttime\tneg_items\n1\t3\t40\t[1]\n2\t4\t7\t[2]\n");
        InteractionLog log = InteractionLogReader.read(dir, LogOptions.defaults());
        assertTrue(log.splitGiven());
        UserHistory one = log.users().get(0);
        assertArrayEquals(new long[] {5, 6, 8, 3}, one.items());
        assertEquals(2, one.devPosition());
        assertEquals(3, one.testPosition());
        assertEquals(3, log.files().size());
    }

    @Test
    void rechorusTrainOnlyIsSplitLeaveOneOut() throws IOException {
        Files.writeString(dir.resolve("train.csv"), "user_id\titem_id\ttime\n1\t5\t10\n1\t6\t20\n1\t7\t30\n");
        InteractionLog log = InteractionLogReader.read(dir, LogOptions.defaults());
        assertFalse(log.splitGiven());
        assertEquals(2, log.users().get(0).testPosition());
        assertEquals(1, log.users().get(0).devPosition());
    }

    @Test
    void genericCsvWithNamedColumnsAndSeparator() throws IOException {
        Path f = Files.writeString(dir.resolve("clicks.tsv"), "ts\tuid\tsku\n3\t9\t100\n1\t9\t101\n2\t9\t102\n");
        LogOptions options = LogOptions.builder().optColumns("uid", "sku", "ts").optSeparator("tab").build();
        InteractionLog log = InteractionLogReader.read(f, options);
        assertEquals(LogFormat.GENERIC_CSV, log.format());
        assertArrayEquals(new long[] {101, 102, 100}, log.users().get(0).items());
    }

    @Test
    void quotedFieldsAndLatinEncodingInCatalogues() throws IOException {
        Files.writeString(dir.resolve("movies.csv"), "movieId,title,genres\n1,\"American President, The (1995)\",Comedy|Drama\n"
                + "2,\"Say \"\"Hi\"\" (2001)\",Comedy\n");
        TextCatalog catalogue = CatalogReader.read(dir.resolve("movies.csv"));
        assertEquals("American President, The (1995)", catalogue.item(1).orElseThrow().title());
        assertEquals("Say \"Hi\" (2001)", catalogue.item(2).orElseThrow().title());
        assertEquals("Comedy|Drama", catalogue.item(1).orElseThrow().fields().get("genres"));
        Files.write(dir.resolve("u.item"), ("1|Caf\u00e9 (1995)|01-Jan-1995||http://x|0|0|0|1|1|1|0|0|0|0|0|0|0|0|0|0|0|0|0\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        TextCatalog ml100k = CatalogReader.read(dir.resolve("u.item"));
        assertEquals("Caf\u00e9 (1995)", ml100k.item(1).orElseThrow().title());
        assertEquals("Animation|Children's|Comedy", ml100k.item(1).orElseThrow().fields().get("genres"));
    }

    @Test
    void idMapRejectsDuplicatesAndTranslates() throws IOException {
        Path ok = Files.writeString(dir.resolve("ok.csv"), "raw_id,index\n100,1\n205,2\n");
        ItemIdMap map = ItemIdMap.read(ok);
        assertEquals(2, map.index(205, 3, 0, "test"));
        assertEquals(205, map.raw(2));
        BadInputException outside = assertThrows(BadInputException.class, () -> map.index(205, 2, 0, "user 1"));
        assertTrue(outside.getMessage().contains("outside the model's item table"), outside.getMessage());
        Path dup = Files.writeString(dir.resolve("dup.csv"), "raw_id,index\n100,1\n101,1\n");
        BadInputException e = assertThrows(BadInputException.class, () -> ItemIdMap.read(dup));
        assertTrue(e.getMessage().contains("line 3") && e.getMessage().contains("index 1"), e.getMessage());
    }

    @Test
    void rechorusWithOnlyDevIsAnError() throws IOException {
        Files.writeString(dir.resolve("train.csv"), "user_id\titem_id\ttime\n1\t5\t10\n");
        Files.writeString(dir.resolve("dev.csv"), "user_id\titem_id\ttime\n1\t6\t20\n");
        BadInputException e = assertThrows(BadInputException.class, () -> InteractionLogReader.read(dir, LogOptions.defaults()));
        assertTrue(e.getMessage().contains("test.csv"), e.getMessage());
    }
}
