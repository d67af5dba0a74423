package org.recsae.runtime.sae;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.recsae.runtime.Version;
import org.recsae.runtime.progress.Progress;
import org.recsae.runtime.store.AtomicFiles;
import org.recsae.runtime.store.Hashing;
import org.recsae.runtime.store.Json;
import org.recsae.runtime.store.RunDirectory;
import org.recsae.runtime.store.RunManifest;
import org.recsae.spi.BadInputException;
import org.recsae.spi.FlatTensor;
import org.recsae.spi.RuntimeFailureException;

/**
 * Trains a TopK SAE on a run's captured activations with DJL's PyTorch engine.
 *
 * <p>Loss per batch: NMSE of the reconstruction plus {@code alpha} times the AuxK loss, which lets the latents that
 * have not fired within the last {@code deadWindow} training vectors reconstruct the (detached) residual:
 * {@code ‖ê − e‖² / ‖e − mean(e)‖²} with {@code ê = W_dec z_aux} (no bias), scaled by min(n_dead / k_aux, 1).
 * After each step the decoder gradient loses its component along each decoder row and the rows are renormalised.
 */
public final class SaeTrainer {
    public static final String STAGE = "train";
    static final String CHECKPOINT_DIR = ".sae-checkpoint";

    private SaeTrainer() {
    }

    public static TrainResult train(RunDirectory run, SaeConfig config, PrintStream err) {
        return train(run, config, held -> {
            throw new IllegalStateException("--dev-ndcg needs the model's ranking, which this caller does not supply");
        }, err);
    }

    /**
     * @param ranking opens the held-out users' ranking for {@code --dev-ndcg}, given their row ranges; called only
     *                when the config asks for it
     */
    public static TrainResult train(RunDirectory run, SaeConfig config,
                                    java.util.function.Function<List<long[]>, HeldOutRanking> ranking,
                                    PrintStream err) {
        ActivationSet set = ActivationSet.open(run);
        int dIn = set.width();
        List<long[]> trainRanges = set.ranges(config.seed(), config.heldoutFraction(), false);
        List<long[]> heldRanges = set.ranges(config.seed(), config.heldoutFraction(), true);
        long nTrain = ActivationSet.count(trainRanges);
        if (nTrain == 0 || heldRanges.isEmpty()) {
            throw new BadInputException("run " + run.root() + ": " + set.users().size() + " users are too few to hold "
                    + Math.round(config.heldoutFraction() * 100) + " % of them out; capture more data");
        }
        float[] centre = ActivationScan.scan(set, trainRanges, run);
        int dSae = config.widthFor(dIn, nTrain);
        if (config.k() > dSae) {
            throw new BadInputException("--k " + config.k() + " exceeds the SAE width " + dSae + " (d_in " + dIn
                    + "); lower --k or raise --scale");
        }
        if (config.k() >= dIn) {
            // Not refused: it trains, but users comparing against a default run should know why it looks different.
            err.printf(Locale.ROOT, "warning: --k %d is not below the probe's width %d, so every vector can be rebuilt "
                    + "from as many latents as it has dimensions: the code is hardly sparse, and long training leaves "
                    + "most latents silent; a k near d_in/4 (%d) gives a sparse code%n", config.k(), dIn,
                    Math.max(1, dIn / 4));
        }
        int kAux = Math.min(config.auxKFor(dIn), dSae);
        long deadWindow = config.deadWindowFor(nTrain);
        String fingerprint = fingerprint(set, config, dSae, kAux, deadWindow);
        Path checkpointDir = run.root().resolve(CHECKPOINT_DIR);
        configureThreads(config);
        Device device = device(config);
        long start = System.nanoTime();
        // Opened before training, so a run it cannot score fails at once rather than after the first epoch.
        try (HeldOutRanking devRanking = config.devNdcg() ? ranking.apply(heldRanges) : null;
             NDManager manager = NDManager.newBaseManager(device, "PyTorch")) {
            TrainingState state = TrainingState.startOrResume(manager, checkpointDir, fingerprint, dIn, dSae,
                    config, centre, err);
            try {
                return trainLoop(run, set, config, state, manager, trainRanges, heldRanges, devRanking, nTrain, dIn,
                        dSae, kAux, deadWindow, checkpointDir, fingerprint, start, err);
            } finally {
                state.updater.shutdownNow();
                state.gradient.close();
            }
        }
    }

    private static TrainResult trainLoop(RunDirectory run, ActivationSet set, SaeConfig config, TrainingState state,
                                         NDManager manager, List<long[]> trainRanges, List<long[]> heldRanges,
                                         HeldOutRanking devRanking, long nTrain, int dIn, int dSae, int kAux,
                                         long deadWindow, Path checkpointDir, String fingerprint, long start,
                                         PrintStream err) {
        int totalEpochs = config.epochs().orElse(config.maxEpochs());
        Progress progress = Progress.start(err, "train " + dIn + "->" + dSae + " k " + config.k(), "vectors",
                nTrain * totalEpochs);
        progress.advance(state.vectorsSeen);
        // A run resumed after its stopping epoch's checkpoint must not train another epoch.
        boolean stopEarly = config.epochs().isEmpty() && state.epochsSinceBest >= config.patience();
        for (int epoch = state.epoch; epoch < totalEpochs && !stopEarly; epoch++) {
            EpochBatches batches = new EpochBatches(set, trainRanges, config.batch(), config.seed(), epoch);
            for (int b = 0; b < state.batchInEpoch; b++) {
                batches.next(); // the batches a resumed run already trained on
            }
            float[] x;
            while ((x = batches.next()) != null) {
                int n = x.length / dIn;
                try {
                    step(state, manager, x, n, config, kAux, deadWindow, lrAt(config, state));
                } catch (EngineException e) {
                    throw new RuntimeFailureException(String.format(Locale.ROOT, "train: libtorch failed at step %d "
                            + "(epoch %d, batch %d of %d vectors): %s; a rerun resumes from the last checkpoint in %s, "
                            + "if one was written", state.step + 1, epoch + 1, state.batchInEpoch + 1, n,
                            e.getMessage(), checkpointDir), e);
                }
                state.batchInEpoch++;
                progress.advance(n);
                if (state.step % config.checkpointEvery() == 0) {
                    state.checkpoint(checkpointDir, fingerprint);
                }
                if (config.stopAfterSteps() > 0 && state.step >= config.stopAfterSteps()) {
                    state.checkpoint(checkpointDir, fingerprint);
                    progress.finish();
                    return new TrainResult(true, null, dIn, dSae, config.k(), epoch, state.step, state.vectorsSeen,
                            seconds(start), Double.NaN, Double.NaN, state.resumed);
                }
            }
            state.epoch = epoch + 1;
            state.batchInEpoch = 0;
            if (config.epochs().isEmpty()) {
                ReconstructionStats held = SaeEvaluator.run(state.sae, manager, set, heldRanges, state.updater);
                // Both count: an epoch that lowers NMSE by letting latents die is no improvement. Dead is measured as
                // metrics.json reports it, with the epoch's final weights over every captured vector: counting the
                // latents silent during the epoch missed those dying within it (on a Grocery SASRec the kept epoch
                // read 0 % that way and 2.5 % dead in metrics.json).
                double deadAtEnd = held.plus(SaeEvaluator.run(state.sae, manager, set, trainRanges, state.updater))
                        .deadFraction();
                double devLoss = devRanking == null ? Double.NaN
                        : devRanking.relativeLoss(reconstruction(state.sae, manager));
                double score = (devRanking == null ? held.nmse() : devLoss) + deadAtEnd;
                boolean improved = score < state.bestScore - 1e-4;
                state.history.add(new EpochRecord(epoch + 1, held.nmse(), devLoss, deadAtEnd,
                        config.lr() * state.lrScale, improved));
                if (improved) {
                    state.bestScore = score;
                    state.bestEpoch = epoch + 1;
                    state.epochsSinceBest = 0;
                    state.keepBest();
                } else {
                    state.epochsSinceBest++;
                    state.lrScale *= 0.5;
                }
                stopEarly = state.epochsSinceBest >= config.patience();
                if (!Progress.isInteractive()) {
                    err.printf(Locale.ROOT, "epoch %d: held-out NMSE %.4f%s, dead %.2f%%, dead for AuxK "
                                    + "%.2f%%%s%n", epoch + 1, held.nmse(), devRanking == null ? ""
                                    : String.format(Locale.ROOT, ", held-out NDCG@10 loss %.2f%%", 100 * devLoss),
                            100 * deadAtEnd, 100 * state.deadFractionInWindow(deadWindow),
                            stopEarly ? " (stopping: no improvement for " + config.patience() + " epochs)" : "");
                }
            }
            state.checkpoint(checkpointDir, fingerprint);
        }
        progress.finish();
        if (config.epochs().isEmpty()) {
            state.restoreBest();
        }
        ReconstructionStats held = SaeEvaluator.run(state.sae, manager, set, heldRanges, state.updater);
        ReconstructionStats trained = SaeEvaluator.run(state.sae, manager, set, trainRanges, state.updater);
        ReconstructionStats all = held.plus(trained);
        double seconds = seconds(start);
        Path saeDir = writeOutputs(run, set, config, state, held, all, nTrain, seconds, kAux, deadWindow);
        try {
            RunDirectory.deleteTree(checkpointDir);
        } catch (RuntimeFailureException e) {
            // a stale checkpoint is ignored by its fingerprint on the next run; not worth failing a finished run
        }
        return new TrainResult(false, saeDir, dIn, dSae, config.k(), state.epoch, state.step, state.vectorsSeen,
                seconds, held.nmse(), all.deadFraction(), state.resumed);
    }

    /** The SAE in training as a reconstruction, run without gradients on the calling thread. */
    private static HeldOutRanking.Reconstruction reconstruction(TopKSae sae, NDManager manager) {
        return (x, rows) -> {
            try (NDScope scope = new NDScope()) {
                return sae.reconstruct(manager.create(x, new Shape(rows, sae.dIn()))).toFloatArray();
            }
        };
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    /**
     * Shards of each batch, each on its own thread (see {@link ShardedGradient}): two on CPU whatever the number of
     * cores, so the order in which gradients are summed does not follow the machine; one on a GPU, which
     * parallelises each op itself.
     */
    static int shards(SaeConfig config) {
        return config.device().equals("cuda") ? 1 : 2;
    }

    /** libtorch's threads per op: the cores shared out among the batch's shards, unless set by the user. */
    private static void configureThreads(SaeConfig config) {
        int cores = Runtime.getRuntime().availableProcessors();
        String threads = Integer.toString(Math.max(1, cores / shards(config)));
        System.setProperty("ai.djl.pytorch.num_threads", System.getProperty("ai.djl.pytorch.num_threads", threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads",
                System.getProperty("ai.djl.pytorch.num_interop_threads", "1"));
    }

    private static Device device(SaeConfig config) {
        Engine engine;
        try {
            engine = Engine.getEngine("PyTorch");
        } catch (RuntimeException e) {
            if (System.getProperty("java.class.path", "").contains("pytorch-native-cu")) {
                // The cuda build's libtorch loads only where CUDA does; DJL then looks for CPU natives it may not fetch.
                throw new RuntimeFailureException("--device " + config.device() + ": this is recsae's cuda build, "
                        + "whose PyTorch natives need an NVIDIA driver and CUDA 12, which this machine lacks ("
                        + e.getMessage() + "); here use the CPU build (mvn package)", e);
            }
            throw new RuntimeFailureException("the PyTorch engine for training did not start (are the DJL PyTorch "
                    + "natives on the class path? run with -Dai.djl.offline=true): " + e.getMessage(), e);
        }
        if (config.device().equals("cuda")) {
            if (engine.getGpuCount() == 0) {
                throw new RuntimeFailureException("--device cuda: no GPU is visible to PyTorch in this build; build "
                        + "recsae with -Pcuda on a machine with CUDA 12, or use --device cpu");
            }
            return Device.gpu();
        }
        return Device.cpu();
    }

    /**
     * The step's learning rate: constant with a fixed number of epochs (a linear decay over the last third cost
     * 20 % in NMSE at 10 epochs here: 0.0163 against 0.0133); with early stopping it is halved whenever an epoch
     * fails to improve the held-out score.
     */
    static float lrAt(SaeConfig config, TrainingState s) {
        return (float) (config.lr() * (config.epochs().isPresent() ? 1 : s.lrScale));
    }

    /** One optimiser step on a batch of {@code n} vectors. */
    private static void step(TrainingState s, NDManager manager, float[] batch, int n, SaeConfig config, int kAux,
                             long deadWindow, float lr) {
        TopKSae sae = s.sae;
        NDArray[] params = sae.parameters();
        long[] firedIndex;
        float[] firedValue;
        try (NDScope scope = new NDScope()) {
            int dead = s.deadCount(deadWindow);
            boolean aux = dead > 0 && config.auxAlpha() > 0;
            float weight = (float) (config.auxAlpha() * Math.min(1.0, (double) dead / kAux));
            ShardedGradient.Code code = s.gradient.compute(manager, batch, n, aux ? s.deadLatents(deadWindow) : null,
                    Math.min(kAux, dead), weight);
            firedIndex = code.latents();
            firedValue = code.values();
            s.step++;
            long step = s.step;
            // The encoder's and the decoder's updates touch disjoint arrays: run them on two threads, since
            // libtorch gains nothing from a second core on ops this small.
            java.util.concurrent.Future<?> encoder = s.updater.submit(() -> {
                try (NDScope inner = new NDScope()) {
                    update(s, params, 0, lr, step);
                    update(s, params, 1, lr, step);
                }
            });
            try {
                NDArray wDec = sae.wDec();
                NDArray gDec = wDec.getGradient();
                // Rows stay unit norm, so only the gradient tangent to each row's sphere is applied.
                gDec.subi(gDec.mul(wDec).sum(new int[] {1}, true).mul(wDec));
                update(s, params, 2, lr, step);
                update(s, params, 3, lr, step);
                wDec.divi(wDec.norm(new int[] {1}, true).maximum(1e-8f));
            } catch (RuntimeException | Error e) {
                LibtorchThreads.settle(encoder, e);
                throw e;
            }
            LibtorchThreads.join(encoder, "the encoder update");
        }
        long seenAfter = s.vectorsSeen + n;
        for (int i = 0; i < firedIndex.length; i++) {
            if (firedValue[i] > 0) {
                s.lastFired[(int) firedIndex[i]] = seenAfter;
            }
        }
        s.vectorsSeen = seenAfter;
    }

    private static void update(TrainingState s, NDArray[] params, int i, float lr, long step) {
        NDArray g = params[i].getGradient();
        s.adam.update(i, params[i], g, lr, step);
        g.subi(g);
    }


    /** Identifies the data and every setting a checkpoint's continuation depends on. */
    private static String fingerprint(ActivationSet set, SaeConfig config, int dSae, int kAux, long deadWindow) {
        StringBuilder sb = new StringBuilder();
        for (var s : set.captureStage().path("outputs").path("shards")) {
            sb.append(s.path("sha256").asText()).append(';');
        }
        // The shard count changes the order of the gradient's sums, so a continuation under another one would not
        // end where an uninterrupted run does (checkpoints from before sharding lack it and are ignored too).
        sb.append(String.format(Locale.ROOT, "k=%d;d_sae=%d;batch=%d;lr=%s;seed=%d;alpha=%s;kaux=%d;window=%d;held=%s;"
                        + "epochs=%s;max=%d;patience=%d;shards=%d;dev_ndcg=%b", config.k(), dSae, config.batch(),
                config.lr(), config.seed(), config.auxAlpha(), kAux, deadWindow, config.heldoutFraction(),
                config.epochs().orElse(-1), config.maxEpochs(), config.patience(), shards(config), config.devNdcg()));
        return Hashing.sha256(sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static Path writeOutputs(RunDirectory run, ActivationSet set, SaeConfig config, TrainingState state,
                                     ReconstructionStats held, ReconstructionStats all, long nTrain, double seconds,
                                     int kAux, long deadWindow) {
        ObjectNode capture = set.captureStage();
        ObjectNode metadata = Json.object();
        metadata.put("hook_name", capture.path("parameters").path("probe").asText());
        metadata.put("model_name", Path.of(capture.path("inputs").path("model").path("path").asText()).getFileName().toString());
        metadata.put("recsae_version", Version.get());
        metadata.put("plugin", capture.path("plugin").path("name").asText());
        metadata.put("plugin_version", capture.path("plugin").path("version").asText());
        metadata.put("model_sha256", capture.path("inputs").path("model").path("sha256").asText());
        metadata.put("probe", capture.path("parameters").path("probe").asText());
        metadata.put("probe_role", capture.path("parameters").path("probe_role").asText());
        metadata.put("positions", capture.path("parameters").path("positions").asText());
        metadata.put("seed", config.seed());
        SaeFiles files = new SaeFiles(state.sae.tensors(), SaeFiles.cfg(state.sae.dIn(), state.sae.dSae(), config.k(),
                metadata), null);

        ObjectNode metrics = Json.object();
        metrics.put("nmse", held.nmse());
        metrics.put("explained_variance", held.explainedVariance());
        metrics.put("l0", held.l0());
        metrics.put("dead_fraction", all.deadFraction());
        metrics.put("dead_fraction_heldout", held.deadFraction());
        metrics.put("dead_latents", all.deadLatents());
        metrics.put("d_sae", state.sae.dSae());
        metrics.put("k", config.k());
        metrics.put("train_vectors", nTrain);
        metrics.put("heldout_vectors", held.vectors());
        metrics.put("train_vectors_seen", state.vectorsSeen);
        metrics.put("epochs", state.epoch);
        metrics.put("steps", state.step);
        if (config.epochs().isEmpty()) {
            metrics.put("best_epoch", state.bestEpoch);
            metrics.put("early_stopping_score", (config.devNdcg() ? "held-out NDCG@10 loss" : "held-out NMSE")
                    + " + dead fraction with the epoch's final weights");
            metrics.set("epoch_history", EpochRecord.toJson(state.history));
        }
        metrics.set("latent_density_histogram", DensityHistogram.of(all.fired(), all.vectors()));

        Path partial = run.beginStage("sae");
        try {
            files.write(partial);
            AtomicFiles.writeString(partial.resolve("metrics.json"), Json.write(metrics));
            Path dir = run.commitStage("sae", partial);
            ObjectNode stage = Json.object();
            stage.set("plugin", capture.path("plugin").deepCopy());
            ObjectNode inputs = stage.putObject("inputs");
            ArrayNode shards = inputs.putArray("activations");
            capture.path("outputs").path("shards").forEach(s -> shards.add(s.deepCopy()));
            ObjectNode params = stage.putObject("parameters");
            params.put("k", config.k());
            params.put("d_sae", state.sae.dSae());
            params.put("scale", state.sae.dSae() / state.sae.dIn());
            params.put("batch", config.batch());
            params.put("lr", config.lr());
            params.put("seed", config.seed());
            if (config.epochs().isPresent()) {
                params.put("epochs", config.epochs().get());
            } else {
                params.put("max_epochs", config.maxEpochs());
                params.put("patience", config.patience());
                params.put("dev_ndcg", config.devNdcg());
            }
            params.put("aux_alpha", config.auxAlpha());
            params.put("aux_k", kAux);
            params.put("dead_window", deadWindow);
            params.put("heldout_fraction", config.heldoutFraction());
            params.put("device", config.device());
            ObjectNode outputs = stage.putObject("outputs");
            for (String f : List.of(SaeFiles.WEIGHTS, SaeFiles.CFG, "metrics.json")) {
                outputs.set(f, RunManifest.runFile(run, dir.resolve(f)));
            }
            RunManifest.load(run).putStage(STAGE, stage);
            RunManifest.recordTiming(run, STAGE, seconds);
            return dir;
        } catch (RuntimeException e) {
            run.abandonStage(partial);
            throw e;
        }
    }

    /** Training state that a checkpoint saves. */
    static final class TrainingState {
        TopKSae sae;
        AdamState adam;
        long[] lastFired;
        long step;
        long vectorsSeen;
        int epoch;
        int batchInEpoch;
        double bestScore = Double.POSITIVE_INFINITY;
        double lrScale = 1;
        int epochsSinceBest;
        int bestEpoch;
        Map<String, FlatTensor> best;
        List<EpochRecord> history = new java.util.ArrayList<>();
        boolean resumed;
        /** The step's forward and backward passes, one shard of the batch per thread. */
        ShardedGradient gradient;
        /** Runs the encoder's optimiser update beside the decoder's. */
        // In-place updates need libtorch's grad mode off. The metrics passes run half their batches here too.
        final java.util.concurrent.ExecutorService updater = LibtorchThreads.pool(1, "recsae-sae-update", false);
        private final NDManager manager;
        private final int k;

        private TrainingState(NDManager manager, int k) {
            this.manager = manager;
            this.k = k;
        }

        static TrainingState startOrResume(NDManager manager, Path dir, String fingerprint, int dIn, int dSae,
                                           SaeConfig config, float[] centre, PrintStream err) {
            TrainingState s = new TrainingState(manager, config.k());
            try {
                s.restoreOrInitialize(dir, fingerprint, dIn, dSae, config, centre, err);
                return s;
            } catch (RuntimeException | Error e) {
                s.updater.shutdownNow(); // the caller's finally only covers a state it received
                throw e;
            }
        }

        private void restoreOrInitialize(Path dir, String fingerprint, int dIn, int dSae, SaeConfig config,
                                         float[] centre, PrintStream err) {
            var saved = Checkpoint.read(dir);
            if (saved.isPresent() && saved.get().continues(fingerprint)) {
                Checkpoint c = saved.get();
                sae = TopKSae.fromTensors(manager, c.tensors(), config.k());
                adam = AdamState.fromTensors(manager, c.tensors(), TopKSae.parameterNames());
                lastFired = c.tensors().get("last_fired").longs().clone();
                step = c.step();
                vectorsSeen = c.vectorsSeen();
                epoch = c.epoch();
                batchInEpoch = c.batchInEpoch();
                bestScore = c.bestScore();
                epochsSinceBest = c.epochsSinceBest();
                bestEpoch = c.bestEpoch();
                lrScale = c.lrScale();
                history = new java.util.ArrayList<>(c.history());
                if (c.tensors().containsKey("best." + TopKSae.W_ENC)) {
                    best = new LinkedHashMap<>();
                    for (String name : TopKSae.parameterNames()) {
                        best.put(name, c.tensors().get("best." + name));
                    }
                }
                resumed = true;
                err.printf(Locale.ROOT, "resuming from %s at epoch %d, batch %d (step %d)%n", dir, epoch + 1,
                        batchInEpoch, step);
            } else {
                if (saved.isPresent()) {
                    String format = saved.get().format();
                    err.println("ignoring checkpoint " + dir + ": " + (format.equals(Checkpoint.FORMAT)
                            ? "it was made with other data or settings"
                            : "its format " + format + " is not this recsae's " + Checkpoint.FORMAT));
                }
                sae = TopKSae.initialize(manager, dIn, dSae, config.k(), centre, config.seed());
                adam = AdamState.zeros(sae.parameters());
                lastFired = new long[dSae];
            }
            for (NDArray p : sae.parameters()) {
                p.setRequiresGradient(true);
            }
            gradient = new ShardedGradient(sae, shards(config));
        }

        int deadCount(long window) {
            int dead = 0;
            for (long f : lastFired) {
                if (vectorsSeen - f > window) {
                    dead++;
                }
            }
            return dead;
        }

        long[] deadLatents(long window) {
            long[] dead = new long[deadCount(window)];
            int n = 0;
            for (int i = 0; i < lastFired.length; i++) {
                if (vectorsSeen - lastFired[i] > window) {
                    dead[n++] = i;
                }
            }
            return dead;
        }

        double deadFractionInWindow(long window) {
            return (double) deadCount(window) / lastFired.length;
        }

        void keepBest() {
            best = sae.tensors();
        }

        void restoreBest() {
            if (best != null) {
                sae = TopKSae.fromTensors(manager, best, k);
            }
        }

        void checkpoint(Path dir, String fingerprint) {
            Map<String, FlatTensor> t = new LinkedHashMap<>(sae.tensors());
            t.putAll(adam.tensors(TopKSae.parameterNames()));
            t.put("last_fired", FlatTensor.ofLongs(lastFired.clone(), lastFired.length));
            if (best != null) {
                best.forEach((name, tensor) -> t.put("best." + name, tensor));
            }
            new Checkpoint(Checkpoint.FORMAT, t, fingerprint, step, vectorsSeen, epoch, batchInEpoch, bestScore,
                    epochsSinceBest, bestEpoch, lrScale, List.copyOf(history)).write(dir);
        }
    }
}
