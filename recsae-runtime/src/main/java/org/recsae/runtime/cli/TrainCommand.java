package org.recsae.runtime.cli;

import java.nio.file.Path;
import java.util.Locale;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.recsae.runtime.capture.CapturedRun;
import org.recsae.runtime.eval.HeldOutNdcg;
import org.recsae.runtime.sae.SaeConfig;
import org.recsae.runtime.sae.SaeTrainer;
import org.recsae.runtime.sae.TrainResult;
import org.recsae.runtime.store.RunDirectory;
import org.recsae.spi.UsageException;

/** {@code recsae train}: a TopK SAE on the run's captured activations, into {@code RUN/sae/}. */
public final class TrainCommand implements Command {
    @Override
    public String name() {
        return "train";
    }

    @Override
    public String summary() {
        return "train a TopK sparse autoencoder on the run's activations into RUN/sae (SAELens layout)";
    }

    @Override
    public Options options() {
        return new Options()
                .addOption(CommonOptions.run())
                .addOption(number("k", "active latents per vector (default " + SaeConfig.DEFAULT_K + ")"))
                .addOption(number("scale", "latents = scale x d_in (default: one latent per "
                        + SaeConfig.VECTORS_PER_LATENT + " training vectors, a power of two from 2 to 32)"))
                .addOption(number("batch", "vectors per step (default " + SaeConfig.DEFAULT_BATCH + ")"))
                .addOption(number("epochs", "train exactly this many epochs, no early stopping"))
                .addOption(number("max-epochs", "early stopping's limit (default " + SaeConfig.DEFAULT_MAX_EPOCHS + ")"))
                .addOption(number("patience", "epochs without held-out improvement before stopping (default "
                        + SaeConfig.DEFAULT_PATIENCE + ")"))
                .addOption(number("lr", "Adam learning rate (default " + SaeConfig.DEFAULT_LR + ")"))
                .addOption(number("seed", "seed for the split, initialisation and batch order (default "
                        + SaeConfig.DEFAULT_SEED + ")"))
                .addOption(Option.builder().longOpt("device").hasArg().argName("cpu|cuda")
                        .desc("where to train (default cpu)").build())
                .addOption(number("aux-alpha", "weight of the AuxK loss (default 1/32)"))
                .addOption(number("aux-k", "latents the AuxK loss uses (default d_in/2)"))
                .addOption(number("dead-window", "a latent is dead after more than this many training vectors without firing"
                        + " (default: " + SaeConfig.DEFAULT_DEAD_WINDOW + ", or one epoch if shorter)"))
                .addOption(number("checkpoint-every", "steps between checkpoints (default 200)"))
                .addOption(Option.builder().longOpt("dev-ndcg").desc("early stopping scores each epoch by the "
                        + "held-out users' NDCG@10 at every position with the SAE spliced in (as the paper), instead "
                        + "of their NMSE; needs --positions all and a probe scored on its own").build())
                .addOption(number("stop-after-steps", "stop after this many steps as if interrupted (for testing resume)"));
    }

    private static Option number(String name, String description) {
        return Option.builder().longOpt(name).hasArg().argName("N").desc(description).build();
    }

    @Override
    public int run(CommandLine line, CliContext context) {
        SaeConfig.Builder b = SaeConfig.builder();
        if (line.hasOption("k")) {
            b.optK(CommonOptions.intValue(line, "k", 0));
        }
        if (line.hasOption("scale")) {
            b.optScale(CommonOptions.intValue(line, "scale", 0));
        }
        if (line.hasOption("batch")) {
            b.optBatch(CommonOptions.intValue(line, "batch", 0));
        }
        if (line.hasOption("epochs")) {
            b.optEpochs(CommonOptions.intValue(line, "epochs", 0));
        }
        if (line.hasOption("max-epochs")) {
            b.optMaxEpochs(CommonOptions.intValue(line, "max-epochs", 0));
        }
        if (line.hasOption("patience")) {
            b.optPatience(CommonOptions.intValue(line, "patience", 0));
        }
        if (line.hasOption("lr")) {
            b.optLr(doubleValue(line, "lr"));
        }
        if (line.hasOption("seed")) {
            b.optSeed(CommonOptions.intValue(line, "seed", 0));
        }
        if (line.hasOption("device")) {
            b.optDevice(line.getOptionValue("device"));
        }
        if (line.hasOption("aux-alpha")) {
            b.optAuxAlpha(doubleValue(line, "aux-alpha"));
        }
        if (line.hasOption("aux-k")) {
            b.optAuxK(CommonOptions.intValue(line, "aux-k", 0));
        }
        if (line.hasOption("dead-window")) {
            b.optDeadWindow(CommonOptions.intValue(line, "dead-window", 0));
        }
        if (line.hasOption("checkpoint-every")) {
            b.optCheckpointEvery(CommonOptions.intValue(line, "checkpoint-every", 0));
        }
        if (line.hasOption("stop-after-steps")) {
            b.optStopAfterSteps(CommonOptions.intValue(line, "stop-after-steps", 0));
        }
        b.optDevNdcg(line.hasOption("dev-ndcg"));
        RunDirectory run = new RunDirectory(Path.of(line.getOptionValue("run")));
        TrainResult r = SaeTrainer.train(run, b.build(),
                heldOut -> HeldOutNdcg.open(CapturedRun.open(run, SaeTrainer.STAGE), heldOut), context.err());
        if (r.interrupted()) {
            context.out().printf(Locale.ROOT, "stopped after %d steps as asked; rerun the same command to resume%n", r.steps());
        } else {
            context.out().printf(Locale.ROOT, "trained %d->%d k %d for %d epochs (%d steps, %,d vectors) in %.1fs%s: "
                            + "held-out NMSE %.4f, dead %.2f%% -> %s%n", r.dIn(), r.dSae(), r.k(), r.epochs(), r.steps(),
                    r.trainVectorsSeen(), r.seconds(), r.resumed() ? " (resumed)" : "", r.nmse(),
                    100 * r.deadFraction(), r.saeDir());
        }
        return 0;
    }

    private static double doubleValue(CommandLine line, String option) {
        String v = line.getOptionValue(option);
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + option + " must be a number, found '" + v + "'");
        }
    }
}
