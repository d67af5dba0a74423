package org.recsae.runtime.eval;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.nio.file.Path;
import org.recsae.runtime.capture.CapturedRun;
import org.recsae.runtime.store.AtomicFiles;
import org.recsae.runtime.store.Json;
import org.recsae.runtime.store.RunDirectory;
import org.recsae.runtime.store.RunManifest;

/** Runs {@link SpliceEvaluation} for a run and records it as {@code RUN/eval/ranking.json}. */
public final class EvaluationStage {
    public static final String STAGE = "evaluate";

    private EvaluationStage() {
    }

    public static ObjectNode run(RunDirectory run, int bootstrap, PrintStream err) {
        long start = System.nanoTime();
        CapturedRun cr = CapturedRun.open(run, "evaluate");
        RunManifest.require(run, "train", "evaluate");
        SpliceEvaluation.Result result = SpliceEvaluation.run(cr, bootstrap, err);
        ObjectNode doc = SpliceEvaluation.toJson(result);
        Path partial = run.beginStage("eval");
        try {
            AtomicFiles.writeString(partial.resolve("ranking.json"), Json.write(doc));
            Path dir = run.commitStage("eval", partial);
            ObjectNode stage = Json.object();
            stage.set("plugin", cr.capture().path("plugin").deepCopy());
            ObjectNode inputs = stage.putObject("inputs");
            Path weights = run.stageDir("sae").resolve("sae_weights.safetensors");
            inputs.set("sae", RunManifest.runFile(run, weights));
            stage.putObject("parameters").put("bootstrap", bootstrap).put("probe", cr.probe().tensor());
            Path ranking = dir.resolve("ranking.json");
            stage.putObject("outputs").set("ranking", RunManifest.runFile(run, ranking));
            RunManifest.load(run).putStage(STAGE, stage);
            RunManifest.recordTiming(run, STAGE, (System.nanoTime() - start) / 1e9);
        } catch (RuntimeException e) {
            run.abandonStage(partial);
            throw e;
        }
        return doc;
    }
}
