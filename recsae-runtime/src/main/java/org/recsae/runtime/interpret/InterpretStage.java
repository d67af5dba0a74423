package org.recsae.runtime.interpret;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;
import org.recsae.runtime.capture.CapturedPrefixes;
import org.recsae.runtime.capture.CapturedRun;
import org.recsae.runtime.sae.SaeFiles;
import org.recsae.runtime.progress.Progress;
import org.recsae.runtime.store.AtomicFiles;
import org.recsae.runtime.store.Hashing;
import org.recsae.runtime.store.Json;
import org.recsae.runtime.store.RunDirectory;
import org.recsae.runtime.store.RunManifest;
import org.recsae.spi.interpret.Interpreter;
import org.recsae.spi.interpret.InterpreterContext;
import org.recsae.spi.interpret.InterpreterSession;
import org.recsae.spi.interpret.Interpreters;
import org.recsae.spi.interpret.ShownItem;
import org.recsae.spi.interpret.ShownSequence;

/**
 * {@code interpret}: the concept dictionary. Encodes every captured vector, bins activations into levels, finds
 * the model's top item at every prefix, and has the chosen interpreter describe and verify each latent. Writes
 * {@code RUN/concepts/concepts.json}, {@code concepts.csv} and {@code summary.json}; finished latents are kept in
 * {@code RUN/concepts/cache/} as they finish, so an interrupted run resumes.
 */
public final class InterpretStage {
    public static final String STAGE = "interpret";
    static final int BACKGROUND = 1000;

    private InterpretStage() {
    }

    /** What a run did, for the command's report. */
    public record Result(ObjectNode summary, int interpreted, int reused, Path directory) {
    }

    public static Result run(RunDirectory run, InterpretConfig config, PrintStream err) {
        return run(run, config, err, latent -> { });
    }

    /** @param afterEach called after each newly finished latent (tests use it to interrupt a run) */
    public static Result run(RunDirectory run, InterpretConfig config, PrintStream err, IntConsumer afterEach) {
        long start = System.nanoTime();
        Interpreter interpreter = Interpreters.discover().forName(config.interpreter());
        CapturedRun cr = CapturedRun.open(run, STAGE);
        RunManifest.require(run, "train", STAGE);
        EncodedCapture encoded = EncodedCapture.open(cr, err);
        Path dir = run.stageDir("concepts");
        Path cacheDir = dir.resolve("cache");
        CapturedPrefixes prefixes = encoded.prefixes();
        LatentActivations acts = encoded.codes();
        ActivationLevels levels = ActivationLevels.of(acts, config.levels());
        int[] predicted = encoded.predictedItems(err);

        long[] counts = acts.counts();
        boolean[] alive = new boolean[counts.length];
        int aliveCount = 0;
        for (int j = 0; j < counts.length; j++) {
            alive[j] = counts[j] > 0;
            aliveCount += alive[j] ? 1 : 0;
        }
        List<Integer> chosen = config.latents().select(counts, alive);
        CaseSampler sampler = new CaseSampler(acts, levels, prefixes, config.seed());
        // Cases for every alive latent, so each one's shuffled-control partner is the same whichever latents a run
        // chooses (and cached entries stay valid for any --latents).
        Map<Integer, LatentCase> cases = new HashMap<>();
        List<Integer> allAlive = LatentChoice.all().select(counts, alive);
        for (int j : allAlive) {
            cases.put(j, sampler.sample(j));
        }
        for (int j : chosen) {
            cases.computeIfAbsent(j, sampler::sample);
        }
        Map<Integer, LatentCase> partners = partners(allAlive, cases, config.seed());

        int itemCount = cr.model().signature().itemCount();
        ItemPresenter full = ItemPresenter.of(cr.log(), cr.data().catalogue(), itemCount, Set.of());
        Optional<String> withheldField = GenreRecovery.field(config.withheldField(), full.all());
        int[] backgroundRows = backgroundRows(prefixes.rows(), config.seed());

        Interpreted done;
        Set<String> hidden = withheldField.map(Set::of).orElse(Set.of());
        ItemPresenter blindPresenter = ItemPresenter.of(cr.log(), cr.data().catalogue(), itemCount, hidden);
        try (InterpreterSession mainSession = open(interpreter, full, prefixes, predicted, backgroundRows, config,
                     Set.of(), cacheDir);
             InterpreterSession blindSession = withheldField.isEmpty() ? null : open(interpreter, blindPresenter,
                     prefixes, predicted, backgroundRows, config, hidden, cacheDir);
             ConceptCache cache = ConceptCache.open(cacheDir, cacheKey(run, cr, interpreter, config, withheldField,
                     mainSession.fingerprint()))) {
            Optional<LatentInterpreter.View> blind = withheldField.map(f -> new LatentInterpreter.View(blindSession,
                    blindPresenter));
            LatentInterpreter latentInterpreter = new LatentInterpreter(interpreter.name(),
                    new LatentInterpreter.View(mainSession, full), blind, withheldField, prefixes, predicted,
                    config.historyShown(), acts, full);
            done = interpretAll(chosen, cases, partners, latentInterpreter, cache, interpreter.name(), err, afterEach);
        }

        List<JsonNode> entries = done.entries();
        ObjectNode summary = summary(entries, aliveCount, config, interpreter, cr, levels, withheldField, full);
        ArrayNode doc = Json.MAPPER.createArrayNode();
        entries.forEach(doc::add);
        Path concepts = dir.resolve("concepts.json");
        Path csv = dir.resolve("concepts.csv");
        Path summaryFile = dir.resolve("summary.json");
        AtomicFiles.writeString(concepts, Json.write(doc));
        AtomicFiles.writeString(csv, ConceptTable.of(entries));
        AtomicFiles.writeString(summaryFile, Json.write(summary));
        writeManifest(run, cr, interpreter, config, withheldField, concepts, csv, summaryFile, done.transientFailures());
        RunManifest.recordTiming(run, STAGE, (System.nanoTime() - start) / 1e9);
        return new Result(summary, done.fresh(), done.reused(), dir);
    }

    /** The chosen latents' entries, in id order, and how many were new or came from the cache. */
    private record Interpreted(List<JsonNode> entries, int fresh, int reused, boolean transientFailures) {
    }

    /** Interprets every chosen latent the cache lacks; a transient failure is kept out of the cache. */
    private static Interpreted interpretAll(List<Integer> chosen, Map<Integer, LatentCase> cases,
                                            Map<Integer, LatentCase> partners, LatentInterpreter latentInterpreter,
                                            ConceptCache cache, String interpreterName, PrintStream err,
                                            IntConsumer afterEach) {
        int reused = (int) chosen.stream().filter(cache::has).count();
        if (reused > 0) {
            err.printf("interpret: resuming, %d of %d latents already done%n", reused, chosen.size());
        }
        Map<Integer, JsonNode> retry = new HashMap<>();
        int fresh = 0;
        Progress progress = Progress.start(err, "interpret with " + interpreterName, "latents", chosen.size() - reused);
        for (int j : chosen) {
            if (cache.has(j)) {
                continue;
            }
            ObjectNode entry = latentInterpreter.interpret(cases.get(j), Optional.ofNullable(partners.get(j)));
            if (entry.path("retry").asBoolean(false)) {
                entry.remove("retry");
                retry.put(j, entry); // so a rerun tries it again
            } else {
                cache.append(entry);
            }
            fresh++;
            progress.advance(1);
            afterEach.accept(j);
        }
        progress.finish();
        if (!retry.isEmpty()) {
            err.printf("interpret: %d latents failed transiently (see their reason) and will be retried on the "
                    + "next run%n", retry.size());
        }
        List<JsonNode> entries = new ArrayList<>();
        for (int j : chosen) {
            entries.add(cache.has(j) ? cache.get(j) : retry.get(j));
        }
        return new Interpreted(entries, fresh, reused, !retry.isEmpty());
    }

    private static ObjectNode summary(List<JsonNode> entries, int aliveCount, InterpretConfig config,
                                      Interpreter interpreter, CapturedRun cr, ActivationLevels levels,
                                      Optional<String> withheldField, ItemPresenter full) {
        ObjectNode summary = ConceptSummary.of(entries, aliveCount, config.latents().kind() == LatentChoice.Kind.ALL);
        summary.putObject("interpreter").put("name", interpreter.name()).put("version", interpreter.version());
        summary.put("plugin", cr.capture().path("plugin").path("name").asText());
        summary.put("levels", levels.scheme().jsonName());
        ArrayNode edges = summary.putArray("level_edges");
        for (double e : levels.edges()) {
            edges.add(e);
        }
        summary.put("seed", config.seed());
        if (withheldField.isPresent()) {
            Map<Long, ShownItem> byRaw = new HashMap<>();
            full.all().forEach(i -> byRaw.put(i.rawId(), i));
            summary.set("genres_recovered", GenreRecovery.measure(withheldField.get(), full.all(), byRaw, entries));
        } else {
            summary.putNull("genres_recovered");
        }
        return summary;
    }

    /** Each scored latent's description is also scored on the sequences of the next one in a seeded shuffle. */
    static Map<Integer, LatentCase> partners(List<Integer> chosen, Map<Integer, LatentCase> cases, long seed) {
        List<Integer> scored = new ArrayList<>(chosen.stream().filter(j -> cases.get(j).scored()).toList());
        SplittableRandom random = new SplittableRandom(CaseSampler.mix(seed, -1));
        for (int i = scored.size() - 1; i > 0; i--) {
            int k = random.nextInt(i + 1);
            Integer t = scored.get(i);
            scored.set(i, scored.get(k));
            scored.set(k, t);
        }
        Map<Integer, LatentCase> out = new HashMap<>();
        if (scored.size() > 1) {
            for (int i = 0; i < scored.size(); i++) {
                out.put(scored.get(i), cases.get(scored.get((i + 1) % scored.size())));
            }
        }
        return out;
    }

    private static int[] backgroundRows(int rows, long seed) {
        SplittableRandom random = new SplittableRandom(CaseSampler.mix(seed, -2));
        int n = Math.min(BACKGROUND, rows);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = random.nextInt(rows);
        }
        return out;
    }

    private static InterpreterSession open(Interpreter interpreter, ItemPresenter presenter, CapturedPrefixes prefixes,
                                           int[] predicted, int[] backgroundRows, InterpretConfig config,
                                           Set<String> withheld, Path cacheDir) {
        List<ShownSequence> background = new ArrayList<>(backgroundRows.length);
        for (int r : backgroundRows) {
            background.add(presenter.sequence(prefixes.newestHistory(r, config.historyShown()), predicted[r]));
        }
        return interpreter.open(new InterpreterContext(presenter.all(), background, withheld, config.seed(),
                config.interpreterOptions(), cacheDir));
    }

    private static String cacheKey(RunDirectory run, CapturedRun cr, Interpreter interpreter, InterpretConfig config,
                                   Optional<String> withheldField, String sessionFingerprint) {
        String sae = Hashing.sha256(run.stageDir("sae").resolve(SaeFiles.WEIGHTS));
        String text = String.join("\n", "recsae-interpret/2", sae, PredictedItems.key(cr),
                cr.data().catalogue().fingerprint(), sessionFingerprint,
                interpreter.name(), interpreter.version(), new java.util.TreeMap<>(config.interpreterOptions()).toString(),
                config.levels().jsonName(), Long.toString(config.seed()), Integer.toString(config.historyShown()),
                withheldField.orElse(""));
        return Hashing.sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    private static void writeManifest(RunDirectory run, CapturedRun cr, Interpreter interpreter, InterpretConfig config,
                                      Optional<String> withheldField, Path concepts, Path csv, Path summary,
                                      boolean incomplete) {
        ObjectNode stage = Json.object();
        if (incomplete) {
            // Some latents failed transiently: `recsae run` must not take this stage as done.
            stage.put("incomplete", true);
        }
        stage.set("plugin", cr.capture().path("plugin").deepCopy());
        stage.putObject("interpreter").put("name", interpreter.name()).put("version", interpreter.version());
        ObjectNode inputs = stage.putObject("inputs");
        inputs.set("sae", RunManifest.runFile(run, run.stageDir("sae").resolve(SaeFiles.WEIGHTS)));
        cr.data().catalogueFile().ifPresent(f -> inputs.set("catalogue",
                RunManifest.externalFile(f, Hashing.sha256(f)).put("fingerprint", cr.data().catalogue().fingerprint())));
        ObjectNode params = stage.putObject("parameters");
        params.put("latents", config.latents().jsonName());
        params.put("levels", config.levels().jsonName());
        params.put("seed", config.seed());
        params.put("history", config.historyShown());
        params.put("withheld_field", withheldField.orElse(null));
        ObjectNode options = params.putObject("interpreter_options");
        new java.util.TreeMap<>(config.interpreterOptions()).forEach(options::put);
        ObjectNode outputs = stage.putObject("outputs");
        outputs.set("concepts", RunManifest.runFile(run, concepts));
        outputs.set("concepts_csv", RunManifest.runFile(run, csv));
        outputs.set("summary", RunManifest.runFile(run, summary));
        RunManifest.load(run).putStage(STAGE, stage);
    }
}
