package org.recsae.runtime.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import org.recsae.runtime.store.ManifestCheck;
import org.recsae.runtime.store.RunDirectory;

/**
 * Whether a stage's recorded result still stands: it ran with the same settings (the pipeline key), and every file
 * its manifest entry lists, inputs and outputs, still has the recorded sha256. A changed model, log or upstream
 * artifact therefore reruns exactly the stages that read it.
 */
final class StageFreshness {
    static final String KEY = "pipeline_key";

    private StageFreshness() {
    }

    /** Empty when the stage is up to date, else why it must run. */
    static Optional<String> check(RunDirectory run, Optional<? extends JsonNode> entry, String key) {
        if (entry.isEmpty()) {
            return Optional.of("not run yet");
        }
        if (!key.equals(entry.get().path(KEY).asText())) {
            return Optional.of("settings changed");
        }
        if (entry.get().path("incomplete").asBoolean(false)) {
            return Optional.of("its last run left work to retry");
        }
        for (String part : new String[] {"inputs", "outputs"}) {
            List<ManifestCheck.Mismatch> stale = ManifestCheck.check(run, entry.get().path(part), part);
            if (!stale.isEmpty()) {
                return Optional.of(stale.get(0).toString());
            }
        }
        return Optional.empty();
    }
}
