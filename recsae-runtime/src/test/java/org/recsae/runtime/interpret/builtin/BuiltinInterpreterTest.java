package org.recsae.runtime.interpret.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.recsae.spi.UsageException;
import org.recsae.spi.interpret.Description;
import org.recsae.spi.interpret.InterpreterContext;
import org.recsae.spi.interpret.InterpreterSession;
import org.recsae.spi.interpret.LevelledSequence;
import org.recsae.spi.interpret.ShownItem;
import org.recsae.spi.interpret.ShownSequence;

/** The builtin interpreter on a catalogue with three clear kinds of item. */
class BuiltinInterpreterTest {
    private final List<ShownItem> horror = new ArrayList<>();
    private final List<ShownItem> comedy = new ArrayList<>();
    private final List<ShownItem> all = new ArrayList<>();
    private final Random random = new Random(11);

    BuiltinInterpreterTest() {
        for (int i = 0; i < 60; i++) {
            horror.add(new ShownItem(i, "Night of the Dead " + i + " (198" + i % 10 + ")", Map.of("genres", "Horror"),
                    5 + i % 7));
            comedy.add(new ShownItem(100 + i, "Wedding Party " + i + " (199" + i % 10 + ")",
                    Map.of("genres", "Comedy|Romance"), 5 + i % 7));
            all.add(new ShownItem(200 + i, "Quiet River " + i + " (200" + i % 10 + ")", Map.of("genres", "Drama"),
                    5 + i % 7));
        }
        all.addAll(horror);
        all.addAll(comedy);
    }

    private boolean stripped;

    private ShownItem shown(ShownItem i) {
        return stripped ? new ShownItem(i.rawId(), i.title(), Map.of(), i.interactions()) : i;
    }

    private ShownSequence sequence(List<ShownItem> predictedFrom) {
        List<ShownItem> history = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            history.add(shown(all.get(random.nextInt(all.size()))));
        }
        return new ShownSequence(history, shown(predictedFrom.get(random.nextInt(predictedFrom.size()))));
    }

    private InterpreterSession session(Set<String> withheld, Map<String, String> options) {
        stripped = !withheld.isEmpty();
        List<ShownItem> shown = all.stream().map(this::shown).toList();
        List<ShownSequence> background = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            background.add(sequence(all));
        }
        return new BuiltinInterpreter().open(new InterpreterContext(shown, background, withheld, 1, options,
                java.nio.file.Path.of(System.getProperty("java.io.tmpdir"))));
    }

    private List<LevelledSequence> explaining(List<ShownItem> kind) {
        List<LevelledSequence> out = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            out.add(new LevelledSequence(sequence(kind), 8));
        }
        return out;
    }

    private static int above5(int[] levels, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            n += levels[i] > 5 ? 1 : 0;
        }
        return n;
    }

    @Test
    void describesByDistinctiveTermsAndSeparatesHeldOutSequences() {
        try (InterpreterSession s = session(Set.of(), Map.of())) {
            Description d = s.describe(explaining(horror));
            assertTrue(d.text().contains("Horror"), d.text());
            assertTrue(d.text().contains("night") || d.text().contains("dead"), d.text());
            List<ShownSequence> verify = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                verify.add(sequence(horror));
            }
            for (int i = 0; i < 10; i++) {
                verify.add(sequence(i % 2 == 0 ? comedy : all.subList(0, 60)));
            }
            int[] levels = s.predictLevels(d, verify);
            assertTrue(above5(levels, 0, 10) >= 9, java.util.Arrays.toString(levels));
            assertTrue(above5(levels, 10, 20) <= 1, java.util.Arrays.toString(levels));

            // Another kind's description does not fire on these positives: predictions follow the description.
            int[] shuffled = s.predictLevels(s.describe(explaining(comedy)), verify.subList(0, 10));
            assertTrue(above5(shuffled, 0, 10) <= 1, java.util.Arrays.toString(shuffled));
        }
    }

    @Test
    void withGenresWithheldTitleWordsStillCarryTheConcept() {
        try (InterpreterSession s = session(Set.of("genres"), Map.of())) {
            Description d = s.describe(explaining(horror));
            assertTrue(!d.text().contains("Horror") && d.text().contains("night"), d.text());
            List<ShownSequence> verify = List.of(sequence(horror), sequence(horror), sequence(comedy), sequence(comedy));
            int[] levels = s.predictLevels(d, verify);
            assertEquals(2, above5(levels, 0, 2), java.util.Arrays.toString(levels));
            assertEquals(0, above5(levels, 2, 4), java.util.Arrays.toString(levels));
        }
    }

    @Test
    void unknownOptionsAreUsageErrorsThatListTheKnownOnes() {
        UsageException e = assertThrows(UsageException.class, () -> session(Set.of(), Map.of("temperature", "0")));
        assertTrue(e.getMessage().contains("history_weight"), e.getMessage());
        e = assertThrows(UsageException.class, () -> session(Set.of(), Map.of("terms", "lots")));
        assertTrue(e.getMessage().contains("terms") && e.getMessage().contains("lots"), e.getMessage());
    }

    @Test
    void theCutFavoursSeparatingHeldOutExamplesFromOrdinaryOnes() {
        // At 0.7: 4 of 5 held-out examples above, all 4 ordinary ones below (1.8); 0.6 scores 5/5 + 3/4 = 1.75.
        double cut = BuiltinSession.bestCut(new double[] {0.6, 0.7, 0.8, 0.9, 0.95}, new double[] {0, 0.1, 0.2, 0.65});
        assertEquals(0.7, cut);
        assertEquals(Double.POSITIVE_INFINITY, BuiltinSession.bestCut(new double[] {0, 0}, new double[] {0, 0}));
    }
}
