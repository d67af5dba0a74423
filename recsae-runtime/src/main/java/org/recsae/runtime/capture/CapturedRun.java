package org.recsae.runtime.capture;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Optional;
import org.recsae.runtime.data.DataSet;
import org.recsae.runtime.data.IndexedLog;
import org.recsae.runtime.data.LogOptionsJson;
import org.recsae.runtime.store.RunDirectory;
import org.recsae.runtime.store.RunManifest;
import org.recsae.spi.BadInputException;
import org.recsae.spi.ProbeCandidate;
import org.recsae.spi.RecommenderPlugins;
import org.recsae.spi.UsageException;

/**
 * A run reopened from its manifest: the same model (checked by sha256), descriptor, data and plugin that capture
 * used, and the probe it captured. Later stages start here instead of taking the inputs again.
 */
public record CapturedRun(RunDirectory run, ObjectNode capture, ProbedModel model, DataSet data, IndexedLog log,
                          ProbeCandidate probe) {
    /** The log format a Spark capture records for Parquet input, which only Spark reads. */
    public static final String PARQUET = "parquet";

    public static CapturedRun open(RunDirectory run, String neededBy) {
        ObjectNode capture = RunManifest.require(run, ActivationCapture.STAGE, neededBy).stage(ActivationCapture.STAGE)
                .orElseThrow();
        String pluginName = capture.path("plugin").path("name").asText();
        try {
            RecommenderPlugins.discover().forName(pluginName);
        } catch (UsageException e) {
            throw new BadInputException("run " + run.root() + " was captured with plugin '" + pluginName
                    + "', which is not on the class path: " + e.getMessage(), e);
        }
        Path model = Path.of(capture.path("inputs").path("model").path("path").asText());
        Optional<Path> descriptor = capture.path("inputs").has("descriptor")
                ? Optional.of(Path.of(capture.path("inputs").path("descriptor").path("path").asText())) : Optional.empty();
        String recorded = capture.path("inputs").path("model").path("sha256").asText();
        if (!java.nio.file.Files.isRegularFile(model)) {
            throw new BadInputException("model " + model + ", which " + run.root() + " was captured from, is missing");
        }
        // Checked before the model is opened, so a replaced model is named as such rather than by its symptoms.
        String actual = org.recsae.runtime.store.Hashing.sha256(model);
        if (!actual.equals(recorded)) {
            throw new BadInputException("model " + model + " changed since it was captured into " + run.root()
                    + " (sha256 " + actual + ", manifest says " + recorded + "); capture again");
        }
        String probe = capture.path("parameters").path("probe").asText();
        ProbedModel probed = ProbedModel.open(model, descriptor, Optional.of(pluginName), Optional.of(probe));
        Path dataPath = Path.of(capture.path("inputs").path("data").path("path").asText());
        if (capture.path("inputs").path("data").path("format").asText().equals(PARQUET)) {
            throw new BadInputException("run " + run.root() + " was captured on Spark from the Parquet log " + dataPath
                    + "; " + neededBy + " reads the log itself and reads only the CSV layouts (MovieLens, ReChorus, "
                    + "generic CSV). Capture from a CSV copy of the log, or stop after train, which reads the shards alone");
        }
        DataSet data = DataSet.load(dataPath, probed.descriptor(),
                LogOptionsJson.fromJson(capture.path("parameters").path("log")));
        IndexedLog log = IndexedLog.of(data.log(), data.ids(), probed.signature());
        return new CapturedRun(run, capture, probed, data, log, probed.report().selectedProbe().orElseThrow());
    }

    /** How capture cut the histories into what each row saw. */
    public CaptureWindow.Windowing windowing() {
        return CaptureWindow.Windowing.parse(capture.path("parameters").path("windows").asText());
    }
}
