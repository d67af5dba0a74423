package org.recsae.runtime.compare;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;
import org.recsae.runtime.capture.CapturedRun;
import org.recsae.runtime.interpret.ConceptDictionary;
import org.recsae.runtime.interpret.EncodedCapture;
import org.recsae.runtime.interpret.InterpretStage;
import org.recsae.runtime.interpret.LatentActivations;
import org.recsae.runtime.store.RunDirectory;
import org.recsae.runtime.store.RunManifest;
import org.recsae.spi.BadInputException;

/**
 * Each latent's item profile in one run: over every captured prefix, the mean activation of the latent among the
 * prefixes where the model ranks a given item first, for every item it ranks first somewhere (keyed by raw id, so
 * two models with different index tables line up). Also kept: how often each item is ranked first, each latent's
 * activation mass per item, and the run's concept dictionary.
 */
record LatentProfiles(CapturedRun run, long[] items, int[] timesFirst, float[][] meanByLatent, float[][] massByLatent,
                      ConceptDictionary concepts) {

    static LatentProfiles of(RunDirectory dir, PrintStream err) {
        RunManifest.require(dir, InterpretStage.STAGE, "compare");
        ConceptDictionary concepts = ConceptDictionary.read(dir).orElseThrow(() -> new BadInputException("run "
                + dir.root() + " has no concepts/concepts.json; run 'recsae interpret --run " + dir.root()
                + "' first, compare matches concepts"));
        CapturedRun cr = CapturedRun.open(dir, "compare");
        EncodedCapture encoded = EncodedCapture.open(cr, err);
        int[] top = encoded.predictedItems(err);
        LatentActivations acts = encoded.codes();
        Map<Integer, Integer> column = new HashMap<>();
        for (int index : top) {
            column.putIfAbsent(index, column.size());
        }
        long[] items = new long[column.size()];
        int[] times = new int[column.size()];
        column.forEach((index, c) -> items[c] = cr.log().ids().raw(index));
        int[] columnOfRow = new int[top.length];
        for (int r = 0; r < top.length; r++) {
            columnOfRow[r] = column.get(top[r]);
            times[columnOfRow[r]]++;
        }
        float[][] mean = new float[acts.latents()][];
        float[][] mass = new float[acts.latents()][];
        for (int j = 0; j < acts.latents(); j++) {
            float[] sum = new float[items.length];
            int[] rows = acts.rowsOf(j);
            float[] values = acts.valuesOf(j);
            for (int t = 0; t < rows.length; t++) {
                sum[columnOfRow[rows[t]]] += values[t];
            }
            float[] m = new float[items.length];
            for (int c = 0; c < items.length; c++) {
                m[c] = sum[c] / times[c];
            }
            mean[j] = m;
            mass[j] = sum;
        }
        return new LatentProfiles(cr, items, times, mean, mass, concepts);
    }

    int latents() {
        return meanByLatent.length;
    }

    boolean alive(int latent) {
        for (float v : massByLatent[latent]) {
            if (v > 0) {
                return true;
            }
        }
        return false;
    }
}
