package org.recsae.runtime.steer;

import org.recsae.runtime.graph.ModelFileWriter;
import ai.onnx.proto.OnnxMl;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.recsae.runtime.Version;
import org.recsae.runtime.capture.CapturedRun;
import org.recsae.runtime.sae.SaeFiles;
import org.recsae.runtime.store.Hashing;
import org.recsae.runtime.store.Json;
import org.recsae.runtime.store.RunDirectory;
import org.recsae.runtime.store.RunManifest;

/** {@code steer}: writes the steered model (atomically) and records it in the run's manifest. */
public final class SteeringStage {
    public static final String STAGE = "steer";

    private SteeringStage() {
    }

    /** Parses the {@code --set}/{@code --always} arguments against the run's SAE. */
    public static SteeringPlan plan(RunDirectory run, List<String> sets, List<String> always) {
        SteeringPlan plan = new SteeringPlan(SaeFiles.read(run.stageDir("sae")).dSae());
        sets.forEach(s -> plan.apply(s, false));
        always.forEach(s -> plan.apply(s, true));
        return plan;
    }

    public static Path run(RunDirectory run, SteeringPlan plan, SteeringMode mode, boolean runtimeScale, Path out) {
        CapturedRun cr = CapturedRun.open(run, "steer");
        RunManifest.require(run, "train", "steer");
        String probe = cr.probe().tensor();
        int width = cr.probe().width();
        SaeFiles sae = SaeFiles.readFor(run.stageDir("sae"), width, probe);
        String saeSha = Hashing.sha256(run.stageDir("sae").resolve(SaeFiles.WEIGHTS));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("recsae.version", Version.get());
        meta.put("recsae.plugin", cr.model().plugin().name() + " " + cr.model().plugin().version());
        meta.put("recsae.probe", probe);
        meta.put("recsae.sae_sha256", saeSha);
        meta.put("recsae.mode", mode.jsonName());
        meta.put("recsae.factors", plan.toJson().toString());
        meta.put("recsae.runtime_scale", Boolean.toString(runtimeScale));
        OnnxMl.ModelProto steered = SaeSplice.splice(cr.model().model(), probe, sae, plan, mode, runtimeScale, meta);
        ModelFileWriter.write(out, steered, cr.model().model());
        ObjectNode stage = Json.object();
        stage.set("plugin", cr.capture().path("plugin").deepCopy());
        stage.putObject("inputs").set("sae", RunManifest.runFile(run, run.stageDir("sae").resolve(SaeFiles.WEIGHTS)));
        ObjectNode params = stage.putObject("parameters");
        params.put("mode", mode.jsonName());
        params.put("runtime_scale", runtimeScale);
        params.set("factors", plan.toJson());
        stage.putObject("outputs").set("model", RunManifest.externalFile(out, Hashing.sha256(out)));
        RunManifest.load(run).putStage(STAGE, stage);
        return out;
    }
}
