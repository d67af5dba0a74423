package org.recsae.runtime.interpret;

import java.io.PrintStream;
import org.recsae.runtime.capture.CapturedPrefixes;
import org.recsae.runtime.capture.CapturedRun;
import org.recsae.runtime.sae.ActivationSet;
import org.recsae.runtime.sae.LoadedSae;
import org.recsae.runtime.sae.SaeFiles;
import org.recsae.runtime.store.RunDirectory;

/**
 * A run's captured vectors read back with what each one saw and its SAE code, latent by latent: what interpretation
 * and comparison both start from.
 */
public record EncodedCapture(CapturedRun captured, ActivationSet set, CapturedPrefixes prefixes,
                             LatentActivations codes) {

    /** Reads the run's SAE (refused when it does not fit the probe), its shards and row index, and encodes them. */
    public static EncodedCapture open(CapturedRun cr, PrintStream err) {
        RunDirectory run = cr.run();
        SaeFiles files = SaeFiles.readFor(run.stageDir("sae"), cr.probe().width(), cr.probe().tensor());
        ActivationSet set = ActivationSet.open(run);
        CapturedPrefixes prefixes = CapturedPrefixes.read(cr, set.rows());
        try (LoadedSae sae = LoadedSae.of(files)) {
            return new EncodedCapture(cr, set, prefixes, LatentActivations.encode(set, sae, err));
        }
    }

    /** The model's top item at every captured prefix, cached in the run's {@code concepts/cache}. */
    public int[] predictedItems(PrintStream err) {
        return PredictedItems.load(captured, set, prefixes, captured.run().stageDir("concepts").resolve("cache"), err);
    }
}
