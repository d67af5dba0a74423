package org.recsae.runtime.data;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.recsae.spi.BadInputException;
import org.recsae.spi.CatalogItem;

/**
 * Item text from the files that come with common datasets: MovieLens {@code movies.csv} (title, genres) and
 * {@code u.item} (title, genre flags), a ReChorus {@code item_meta.csv} ({@code item_id} plus text columns), or a
 * generic delimited file with an id column and text columns.
 */
public final class CatalogReader {
    private static final String[] ML100K_GENRES = {"unknown", "Action", "Adventure", "Animation", "Children's",
        "Comedy", "Crime", "Documentary", "Drama", "Fantasy", "Film-Noir", "Horror", "Musical", "Mystery", "Romance",
        "Sci-Fi", "Thriller", "War", "Western"};

    private CatalogReader() {
    }

    /** The item file beside a log (movies.csv, u.item or item_meta.csv), if there is one. */
    public static Optional<Path> find(Path data) {
        Path dir = Files.isDirectory(data) ? data : data.toAbsolutePath().getParent();
        for (String name : List.of("movies.csv", "u.item", "item_meta.csv")) {
            if (Files.isRegularFile(dir.resolve(name))) {
                return Optional.of(dir.resolve(name));
            }
        }
        return Optional.empty();
    }

    public static TextCatalog read(Path file) {
        String name = file.getFileName().toString();
        switch (name) {
            case "movies.csv":
                return readHeader(file, ',', StandardCharsets.UTF_8, "movieId", "title");
            case "u.item":
                return readMl100k(file);
            default:
                char sep = name.equals("item_meta.csv") || name.endsWith(".tsv") ? '\t' : ',';
                return readHeader(file, sep, StandardCharsets.UTF_8, "item_id", "title");
        }
    }

    /** Header-based: the id column, a title column if present (else the first text column), all others as fields. */
    private static TextCatalog readHeader(Path file, char sep, Charset charset, String idColumn, String titleColumn) {
        Map<Long, CatalogItem> items = new LinkedHashMap<>();
        try (DelimitedFile in = new DelimitedFile(file, sep, charset)) {
            List<String> head = in.next();
            if (head == null) {
                throw new BadInputException("item file " + file + " is empty; expected a header with '" + idColumn + "'");
            }
            head.replaceAll(String::trim);
            int id = head.indexOf(idColumn);
            if (id < 0) {
                throw new BadInputException("item file " + file + ": expected an '" + idColumn + "' column, found " + head);
            }
            int title = head.indexOf(titleColumn);
            List<String> f;
            while ((f = in.next()) != null) {
                if (f.size() != head.size()) {
                    throw in.error("expected " + head.size() + " fields (" + head + "), found " + f.size());
                }
                long raw = in.parseId(f, id, idColumn);
                Map<String, String> fields = new LinkedHashMap<>();
                for (int c = 0; c < head.size(); c++) {
                    if (c != id && c != title) {
                        fields.put(head.get(c), f.get(c));
                    }
                }
                String t = title >= 0 ? f.get(title) : idColumn + " " + raw;
                items.put(raw, new CatalogItem(raw, t, fields));
            }
        }
        return new TextCatalog(items);
    }

    private static TextCatalog readMl100k(Path file) {
        Map<Long, CatalogItem> items = new LinkedHashMap<>();
        try (DelimitedFile in = new DelimitedFile(file, '|', StandardCharsets.ISO_8859_1)) {
            List<String> f;
            while ((f = in.next()) != null) {
                if (f.size() < 5 + ML100K_GENRES.length) {
                    throw in.error("expected " + (5 + ML100K_GENRES.length) + " '|'-separated fields, found " + f.size());
                }
                long raw = in.parseId(f, 0, "movie id");
                StringBuilder genres = new StringBuilder();
                for (int g = 0; g < ML100K_GENRES.length; g++) {
                    if (f.get(5 + g).trim().equals("1")) {
                        genres.append(genres.length() > 0 ? "|" : "").append(ML100K_GENRES[g]);
                    }
                }
                items.put(raw, new CatalogItem(raw, f.get(1), Map.of("genres", genres.toString(), "release_date", f.get(2))));
            }
        }
        return new TextCatalog(items);
    }
}
