package org.recsae.dist;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.recsae.testkit.ExampleFiles;

/**
 * A copy of the bundled ml-latest-small whose every title carries markup that would run if a page inserted it as
 * HTML, plus quotes, a separator, a tab and a line break.
 */
final class AwkwardCatalogue {
    /** What a page sets on {@code <body>} if a title's markup ever runs. */
    static final String PWNED = "data-pwned";

    private AwkwardCatalogue() {
    }

    static String awkward(String title) {
        return "<script>document.body.setAttribute('" + PWNED + "','script')</script>" + title
                + "<img src=x onerror=\"document.body.setAttribute('" + PWNED + "','img')\"> & \"friends\",\tTab\nline";
    }

    /** Writes the data folder; returns each raw id's awkward title. */
    static Map<Long, String> write(Path data) throws IOException {
        Path source = ExampleFiles.resolve("data/ml-latest-small");
        Files.createDirectories(data);
        Files.copy(source.resolve("ratings.csv"), data.resolve("ratings.csv"));
        Map<Long, String> titles = new HashMap<>();
        StringBuilder movies = new StringBuilder("movieId,title,genres\n");
        List<List<String>> rows = CsvRecords.parse(Files.readString(source.resolve("movies.csv"), StandardCharsets.UTF_8));
        for (List<String> r : rows.subList(1, rows.size())) {
            String title = awkward(r.get(1));
            titles.put(Long.parseLong(r.get(0)), title);
            movies.append(r.get(0)).append(',').append(quote(title)).append(',').append(quote(r.get(2))).append('\n');
        }
        Files.writeString(data.resolve("movies.csv"), movies.toString(), StandardCharsets.UTF_8);
        return titles;
    }

    private static String quote(String field) {
        return '"' + field.replace("\"", "\"\"") + '"';
    }
}
