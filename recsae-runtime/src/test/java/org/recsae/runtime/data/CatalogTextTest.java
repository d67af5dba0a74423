package org.recsae.runtime.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsae.runtime.store.CsvText;
import org.recsae.spi.BadInputException;

/** Titles with markup, quotes, separators, tabs and line breaks survive reading and writing CSV. */
class CatalogTextTest {
    static final List<String> AWKWARD = List.of("<b>Bold</b> & \"Quoted\", Title (1999)", "Tab\there",
            "Two\nlines", "Trailing quote\"", "'single', \"\"double\"\"", "<script>alert('x')</script>");

    @TempDir
    Path tmp;

    @Test
    void csvTextRoundTripsThroughTheCatalogueReader() throws IOException {
        StringBuilder sb = new StringBuilder(CsvText.row("movieId", "title", "genres"));
        for (int i = 0; i < AWKWARD.size(); i++) {
            sb.append(CsvText.row(i + 1, AWKWARD.get(i), "Comedy|Drama"));
        }
        Path file = tmp.resolve("movies.csv");
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
        TextCatalog catalogue = CatalogReader.read(file);
        List<String> titles = new ArrayList<>();
        for (int i = 0; i < AWKWARD.size(); i++) {
            titles.add(catalogue.item(i + 1).orElseThrow().title());
            assertEquals("Comedy|Drama", catalogue.item(i + 1).orElseThrow().fields().get("genres"));
        }
        assertEquals(AWKWARD, titles);
    }

    @Test
    void anUnclosedQuoteNamesTheLineItStartedOn() throws IOException {
        Path file = tmp.resolve("movies.csv");
        Files.writeString(file, "movieId,title,genres\n1,ok,Drama\n2,\"never closed,Drama\n3,x,Drama\n");
        BadInputException e = org.junit.jupiter.api.Assertions.assertThrows(BadInputException.class,
                () -> CatalogReader.read(file));
        assertTrue(e.getMessage().contains("line 3") && e.getMessage().contains("quoted field is not closed"),
                e.getMessage());
    }
}
