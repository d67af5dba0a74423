package org.recsae.runtime.interpret.builtin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * Words of titles and free text as terms: Lucene's English analysis (Unicode word breaks, lower case, stop words,
 * possessives, Porter stems), so "Wars" and "War" meet and "The" does not count. Each stem keeps the first surface
 * word it came from, which is what descriptions print.
 */
final class TitleAnalyzer implements AutoCloseable {
    /** A term with the word it was read from. */
    record Word(String stem, String surface) {
    }

    private final Analyzer stems = new EnglishAnalyzer();
    private final Analyzer surfaces = new Analyzer() {
        @Override
        protected TokenStreamComponents createComponents(String field) {
            StandardTokenizer tokenizer = new StandardTokenizer();
            return new TokenStreamComponents(tokenizer, new org.apache.lucene.analysis.LowerCaseFilter(tokenizer));
        }
    };

    List<Word> words(String text) {
        List<String> stemmed = tokens(stems, text);
        List<String> surface = tokens(surfaces, text);
        List<Word> out = new ArrayList<>(stemmed.size());
        // Stop words drop out of the stemmed stream only, so walk the surface stream to pair each stem with its word.
        int s = 0;
        for (String stem : stemmed) {
            String match = stem;
            for (int i = s; i < surface.size(); i++) {
                if (surface.get(i).startsWith(stem.substring(0, Math.min(stem.length(), 3)))) {
                    match = surface.get(i);
                    s = i + 1;
                    break;
                }
            }
            out.add(new Word(stem, match.endsWith("'s") ? match.substring(0, match.length() - 2) : match));
        }
        return out;
    }

    private static List<String> tokens(Analyzer analyzer, String text) {
        List<String> out = new ArrayList<>();
        try (TokenStream ts = analyzer.tokenStream("text", text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                out.add(term.toString());
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in-memory text: cannot happen
        }
        return out;
    }

    @Override
    public void close() {
        stems.close();
        surfaces.close();
    }
}
