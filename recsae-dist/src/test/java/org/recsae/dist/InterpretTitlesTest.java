package org.recsae.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

    @Test
    void awkwardTitlesSurviveIntoJsonAndCsv() throws IOException {
        Path data = tmp.resolve("data");
        Map<Long, String> expected = AwkwardCatalogue.write(data);

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
