package org.recsae.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsae.testkit.CliRun;
import org.recsae.testkit.ExampleFiles;

/** Item titles with markup, quotes, tabs and line breaks reach concepts.json and concepts.csv unchanged. */
class InterpretTitlesTest {
    @TempDir
    Path tmp;

    /** Every title made awkward in every way at once. */
    private static String awkward(String title) {
        return "<em class=\"t\">" + title + "</em> & \"friends\",\tTab\nSecond line";
    }

    private static String quote(String field) {
        return '"' + field.replace("\"", "\"\"") + '"';
    }

    @Test
    void awkwardTitlesSurviveIntoJsonAndCsv() throws IOException {
        Path source = ExampleFiles.resolve("data/ml-latest-small");
        Path data = tmp.resolve("data");
        Files.createDirectories(data);
        Files.copy(source.resolve("ratings.csv"), data.resolve("ratings.csv"));
        Map<Long, String> expected = new HashMap<>();
        StringBuilder movies = new StringBuilder("movieId,title,genres\n");
        List<List<String>> rows = CsvRecords.parse(Files.readString(source.resolve("movies.csv"), StandardCharsets.UTF_8));
        for (List<String> r : rows.subList(1, rows.size())) {
            String title = awkward(r.get(1));
            expected.put(Long.parseLong(r.get(0)), title);
            movies.append(r.get(0)).append(',').append(quote(title)).append(',').append(quote(r.get(2))).append('\n');
        }
        Files.writeString(data.resolve("movies.csv"), movies.toString(), StandardCharsets.UTF_8);

        Path run = tmp.resolve("run");
        CliRun c = CliRun.of("capture", "--model", ExampleFiles.resolve("sasrec/models/sasrec_opset14_folded.onnx")
                .toString(), "--descriptor", ExampleFiles.resolve("sasrec/models/sasrec.descriptor.json").toString(),
                "--data", data.toString(), "--run", run.toString());
        assertEquals(0, c.exitCode(), c::toString);
        assertEquals(0, CliRun.of("train", "--run", run.toString(), "--k", "16", "--epochs", "1").exitCode());
        CliRun i = CliRun.of("interpret", "--run", run.toString(), "--latents", "20");
        assertEquals(0, i.exitCode(), i::toString);

        JsonNode concepts = new ObjectMapper().readTree(run.resolve("concepts/concepts.json").toFile());
        int checked = 0;
        for (JsonNode e : concepts) {
            for (JsonNode item : e.findValues("title")) {
                // findValues finds every "title" in the entry: top items, histories and predicted items
                assertTrue(expected.containsValue(item.asText()), "title changed on the way: " + item);
                checked++;
            }
            for (JsonNode t : e.path("top_items")) {
                assertEquals(expected.get(t.path("item").asLong()), t.path("title").asText());
            }
        }
        assertTrue(checked > 100, checked + " titles checked");

        List<List<String>> csv = CsvRecords.parse(Files.readString(run.resolve("concepts/concepts.csv")));
        assertEquals(concepts.size() + 1, csv.size());
        for (int r = 1; r < csv.size(); r++) {
            JsonNode first = concepts.get(r - 1).path("top_items").get(0);
            assertTrue(csv.get(r).get(7).startsWith(first.path("title").asText() + " ("), csv.get(r).get(7));
        }
    }
}
