package org.recsae.runtime.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.recsae.runtime.steer.SteeringMode;
import org.recsae.runtime.steer.SteeringPlan;
import org.recsae.runtime.steer.SteeringStage;
import org.recsae.runtime.store.RunDirectory;

/** {@code recsae steer}: a copy of the model with the SAE spliced in at the probe and chosen latents changed. */
public final class SteerCommand implements Command {
    @Override
    public String name() {
        return "steer";
    }

    @Override
    public String summary() {
        return "write a steered copy of the model: the SAE spliced in at the probe, chosen latents scaled or clamped";
    }

    @Override
    public Options options() {
        return new Options()
                .addOption(CommonOptions.run())
                .addOption(Option.builder().longOpt("set").hasArg().argName("LATENT=FACTOR|LATENT=@VALUE")
                        .desc("scale a latent, or clamp it to VALUE wherever it is active (repeatable)").build())
                .addOption(Option.builder().longOpt("always").hasArg().argName("LATENT=VALUE")
                        .desc("set a latent to VALUE everywhere (repeatable)").build())
                .addOption(Option.builder().longOpt("mode").hasArg().argName("delta|replace")
                        .desc("delta (default): x + W_dec(z' - z); replace: W_dec z' + b_dec").build())
                .addOption(Option.builder().longOpt("runtime-scale")
                        .desc("take the per-latent scale from a graph input 'recsae_latent_scale' [d_sae] that each "
                                + "request supplies (ones = unsteered), in place of the --set factors; clamps stay baked in").build())
                .addOption(Option.builder().longOpt("out").hasArg().argName("FILE").required()
                        .desc("where to write the steered .onnx").build());
    }

    @Override
    public int run(CommandLine line, CliContext context) {
        RunDirectory run = new RunDirectory(Path.of(line.getOptionValue("run")));
        List<String> sets = values(line, "set");
        List<String> always = values(line, "always");
        SteeringPlan plan = SteeringStage.plan(run, sets, always);
        SteeringMode mode = SteeringMode.parse(line.getOptionValue("mode", "delta"));
        Path out = SteeringStage.run(run, plan, mode, line.hasOption("runtime-scale"), Path.of(line.getOptionValue("out")));
        context.out().println("wrote " + out.toAbsolutePath() + " (" + mode.jsonName() + ", " + plan.toJson() + ")");
        return 0;
    }

    private static List<String> values(CommandLine line, String option) {
        String[] v = line.getOptionValues(option);
        return v == null ? List.of() : Arrays.asList(v);
    }
}
