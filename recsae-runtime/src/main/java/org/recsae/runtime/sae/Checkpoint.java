package org.recsae.runtime.sae;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.recsae.runtime.store.Json;
import org.recsae.runtime.store.SafetensorsFile;
import org.recsae.spi.FlatTensor;

/**
 * Everything needed to continue a training run as if it had never stopped: weights, Adam moments, the step, the
 * vector count at which each latent last fired, the epoch and batch position, and the early-stopping state (with
 * the best weights so far, and the epochs' held-out checks). One safetensors file, written atomically; the batch
 * order itself is regenerated from the seed and the epoch.
 */
record Checkpoint(String format, Map<String, FlatTensor> tensors, String fingerprint, long step, long vectorsSeen,
                  int epoch, int batchInEpoch, double bestScore, int epochsSinceBest, int bestEpoch, double lrScale,
                  List<EpochRecord> history) {

    static final String FILE = "checkpoint.safetensors";
    /** Bumped when a checkpoint gains state: one of another format is not resumed. */
    static final String FORMAT = "recsae-sae-checkpoint/2";

    static Optional<Checkpoint> read(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        SafetensorsFile f = SafetensorsFile.read(file);
        Map<String, String> m = f.metadata();
        String format = m.getOrDefault("format", "(none)");
        if (!format.equals(FORMAT)) {
            return Optional.of(new Checkpoint(format, Map.of(), null, 0, 0, 0, 0, 0, 0, 0, 0, List.of()));
        }
        return Optional.of(new Checkpoint(format, f.tensors(), m.get("fingerprint"), Long.parseLong(m.get("step")),
                Long.parseLong(m.get("vectors_seen")), Integer.parseInt(m.get("epoch")),
                Integer.parseInt(m.get("batch_in_epoch")), Double.parseDouble(m.get("best_score")),
                Integer.parseInt(m.get("epochs_since_best")), Integer.parseInt(m.get("best_epoch")),
                Double.parseDouble(m.get("lr_scale")), EpochRecord.fromJson(m.get("history"), file.toString())));
    }

    /** Whether this checkpoint continues a run with {@code fingerprint}: same data and settings, same format. */
    boolean continues(String fingerprint) {
        return format.equals(FORMAT) && fingerprint.equals(this.fingerprint);
    }

    void write(Path dir) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("fingerprint", fingerprint);
        m.put("step", Long.toString(step));
        m.put("vectors_seen", Long.toString(vectorsSeen));
        m.put("epoch", Integer.toString(epoch));
        m.put("batch_in_epoch", Integer.toString(batchInEpoch));
        // Doubles round-trip exactly through Double.toString.
        m.put("best_score", Double.toString(bestScore));
        m.put("epochs_since_best", Integer.toString(epochsSinceBest));
        m.put("best_epoch", Integer.toString(bestEpoch));
        m.put("lr_scale", Double.toString(lrScale));
        m.put("history", Json.line(EpochRecord.toJson(history)));
        new SafetensorsFile(tensors, m).write(dir.resolve(FILE));
    }
}
