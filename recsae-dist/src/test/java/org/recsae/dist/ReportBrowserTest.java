package org.recsae.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsae.testkit.CliRun;
import org.recsae.testkit.ExampleFiles;

/**
 * The HTML report in a real browser: the whole pipeline on data whose titles carry markup, then headless Chromium
 * with the network cut off renders the page, filters it, opens a card and takes a screenshot.
 */
class ReportBrowserTest {
    private static final Pattern ROW = Pattern.compile("<tr class=\"concept-row[^\"]*\" data-latent=\"(\\d+)\"([^>]*)>");

    @TempDir
    static Path shared;
    static Path report;
    static JsonNode concepts;
    static Map<Long, String> titles;

    @TempDir
    Path tmp;

    @BeforeAll
    static void pipelineToReport() throws IOException {
        Path data = shared.resolve("data");
        titles = AwkwardCatalogue.write(data);
        Path config = shared.resolve("pipeline.json");
        Files.writeString(config, """
                {"version": 1, "run": "%s",
                 "capture": {"model": "%s", "descriptor": "%s", "data": "%s"},
                 "train": {"k": 16, "epochs": 2}, "evaluate": {"bootstrap": 100}, "interpret": {"latents": 40},
                 "steer_eval": {"top": 3}, "explain": {"user": [1], "top": 5}, "report": {}}
                """.formatted(shared.resolve("run"), ExampleFiles.resolve("sasrec/models/sasrec_opset14_folded.onnx"),
                ExampleFiles.resolve("sasrec/models/sasrec.descriptor.json"), data));
        CliRun r = CliRun.of("run", "--config", config.toString());
        assertEquals(0, r.exitCode(), r::toString);
        report = shared.resolve("run/report.html");
        concepts = new ObjectMapper().readTree(shared.resolve("run/concepts/concepts.json").toFile());
    }

    @Test
    void thePageIsSelfContained() throws IOException {
        String html = Files.readString(report);
        for (String external : List.of("src=\"http", "href=\"http", "src='http", "url(http", "@import")) {
            assertFalse(html.contains(external), "the report fetches something: " + external);
        }
        assertTrue(html.contains("Content-Security-Policy") && html.contains("'sha256-"));
    }

    @Test
    void rowsSearchAndCardsWorkAndTitlesStayText() throws Exception {
        HeadlessChromium chromium = HeadlessChromium.require(tmp);
        String dom = chromium.dumpDom(report, "");
        assertTrue(dom.contains("data-rendered=\"yes\""), "the page's script did not run");
        assertNotPwned(dom);
        List<String[]> rows = rows(dom);
        assertEquals(concepts.size(), rows.size());
        assertTrue(rows.stream().noneMatch(r -> r[1].contains("hidden")));

        // Search by a word of some descriptions: the rows left are exactly those whose text has it.
        String word = "popularity";
        String filtered = chromium.dumpDom(report, "q=" + word);
        long expected = 0;
        for (JsonNode e : concepts) {
            StringBuilder text = new StringBuilder(e.path("description").asText());
            e.path("top_items").forEach(t -> text.append(' ').append(t.path("title").asText()));
            expected += text.toString().toLowerCase(Locale.ROOT).contains(word) ? 1 : 0;
        }
        assertTrue(expected > 0 && expected < concepts.size(), "pick a word that splits the concepts: " + expected);
        long visible = rows(filtered).stream().filter(r -> !r[1].contains("hidden")).count();
        assertEquals(expected, visible);

        JsonNode scored = null;
        for (JsonNode e : concepts) {
            if (e.path("status").asText().equals("scored")) {
                scored = e;
                break;
            }
        }
        int latent = scored.path("latent").asInt();
        String card = chromium.dumpDom(report, "latent=" + latent);
        Matcher m = Pattern.compile("<aside id=\"card\">(.*?)</aside>", Pattern.DOTALL).matcher(card);
        assertTrue(m.find(), "the card did not open");
        assertTrue(m.group(1).contains("Latent " + latent), m.group(1));
        String firstTop = scored.path("top_items").get(0).path("title").asText();
        assertTrue(m.group(1).contains(escape(firstTop)), "the card lacks its top item");
        assertNotPwned(card);
        // Titles are shown as text: their markup appears escaped in the serialised DOM, never as elements.
        assertTrue(m.group(1).contains("&lt;script&gt;document.body.setAttribute("), "titles are not shown as text");

        // The explained user's five items, each linking its concepts to their cards.
        Matcher explained = Pattern.compile("<table class=\"explain-user\">(.*?)</table>", Pattern.DOTALL).matcher(dom);
        assertTrue(explained.find(), "no explanation in the report");
        assertEquals(6, explained.group(1).split("<tr>", -1).length - 1, "a header and five items");
        assertTrue(explained.group(1).contains("<a href=\"#latent="), "contributions link to concept cards");

        Path png = tmp.resolve("report.png");
        chromium.screenshot(report, "latent=" + latent, png);
        byte[] bytes = Files.readAllBytes(png);
        assertTrue(bytes.length > 10_000 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G',
                "no screenshot: " + bytes.length + " bytes");
    }

    /** No title's markup became an element or ran: the body carries no marker and no title image exists. */
    private static void assertNotPwned(String dom) {
        assertFalse(Pattern.compile("<body[^>]*" + AwkwardCatalogue.PWNED).matcher(dom).find(),
                "markup from a title ran in the page");
        assertFalse(dom.contains("<img src=\"x\""), "markup from a title became an element");
    }

    /** Each concept row of a DOM dump: its latent and its other attributes. */
    private static List<String[]> rows(String dom) {
        List<String[]> out = new java.util.ArrayList<>();
        Matcher m = ROW.matcher(dom);
        while (m.find()) {
            out.add(new String[] {m.group(1), m.group(2)});
        }
        return out;
    }

    /** How Chromium serialises text: &, < and > escaped (quotes stay as they are in text nodes). */
    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\u00a0", "&nbsp;");
    }
}
