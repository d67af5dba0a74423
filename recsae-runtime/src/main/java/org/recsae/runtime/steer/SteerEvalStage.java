package org.recsae.runtime.steer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.recsae.runtime.capture.CapturedRun;
import org.recsae.runtime.sae.SaeFiles;
import org.recsae.runtime.store.AtomicFiles;
import org.recsae.runtime.store.Json;
import org.recsae.runtime.store.RunDirectory;
import org.recsae.runtime.store.RunManifest;

/** Runs {@link SteerEvaluation} for a run and records it as {@code RUN/steer/steer_eval.json}. */
public final class SteerEvalStage {
    public static final String STAGE = "steer-eval";

    private SteerEvalStage() {
    }

    public static ObjectNode run(RunDirectory run, List<Integer> latents, int top, PrintStream err) {
        long start = System.nanoTime();
        CapturedRun cr = CapturedRun.open(run, STAGE);
        RunManifest.require(run, "train", STAGE);
        ObjectNode doc = SteerEvaluation.run(cr, latents, top, err);
        Path out = run.stageDir("steer").resolve("steer_eval.json");
        AtomicFiles.writeString(out, Json.write(doc));
        ObjectNode stage = Json.object();
        stage.set("plugin", cr.capture().path("plugin").deepCopy());
        ObjectNode inputs = stage.putObject("inputs");
        inputs.set("sae", RunManifest.runFile(run, run.stageDir("sae").resolve(SaeFiles.WEIGHTS)));
        Path concepts = run.stageDir("concepts").resolve("concepts.json");
        if (Files.isRegularFile(concepts)) {
            inputs.set("concepts", RunManifest.runFile(run, concepts));
        }
        ObjectNode params = stage.putObject("parameters");
        latents.forEach(params.putArray("latents")::add);
        params.put("top", top);
        stage.putObject("outputs").set("steer_eval", RunManifest.runFile(run, out));
        RunManifest.load(run).putStage(STAGE, stage);
        RunManifest.recordTiming(run, STAGE, (System.nanoTime() - start) / 1e9);
        return doc;
    }
}
