package org.recsae.runtime.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;
import org.recsae.runtime.store.Json;
import org.recsae.runtime.store.ManifestCheck;
import org.recsae.runtime.store.RunDirectory;
import org.recsae.runtime.store.RunManifest;
import org.recsae.spi.BadInputException;

/** {@code recsae verify}: rechecks every file the run's manifest records against its sha256. */
public final class VerifyCommand implements Command {
    @Override
    public String name() {
        return "verify";
    }

    @Override
    public String summary() {
        return "recheck the sha256 of every input and output the run's manifest records, and name what differs";
    }

    @Override
    public Options options() {
        return new Options().addOption(CommonOptions.run());
    }

    @Override
    public int run(CommandLine line, CliContext context) {
        RunDirectory run = new RunDirectory(Path.of(line.getOptionValue("run")));
        if (!java.nio.file.Files.exists(run.manifest())) {
            throw new BadInputException("run directory " + run.root() + " has no " + RunDirectory.MANIFEST);
        }
        com.fasterxml.jackson.databind.JsonNode stagesNode = Json.read(run.manifest(), "run manifest").path("stages");
        if (!stagesNode.isObject()) {
            throw new BadInputException(run.manifest() + ": expected a 'stages' object, found "
                    + (stagesNode.isMissingNode() ? "none" : stagesNode.getNodeType().name().toLowerCase()));
        }
        ObjectNode stages = (ObjectNode) stagesNode;
        List<ManifestCheck.Mismatch> all = new ArrayList<>();
        int files = 0;
        StringBuilder report = new StringBuilder();
        for (Map.Entry<String, com.fasterxml.jackson.databind.JsonNode> s : (Iterable<Map.Entry<String,
                com.fasterxml.jackson.databind.JsonNode>>) stages::fields) {
            List<ManifestCheck.Mismatch> m = ManifestCheck.check(run, s.getValue(), s.getKey());
            files += s.getValue().findValues("sha256").size();
            all.addAll(m);
            report.append(String.format("%-11s %s%n", s.getKey(), m.isEmpty() ? "ok" : m.size() + " file(s) differ"));
        }
        if (!all.isEmpty()) {
            StringBuilder sb = new StringBuilder("run " + run.root() + ": " + all.size() + " of " + files
                    + " recorded files differ from the manifest");
            all.forEach(m -> sb.append("\n  ").append(m));
            throw new BadInputException(sb.toString());
        }
        context.out().print(report);
        context.out().println(files + " recorded files match " + RunManifest.FORMAT + " manifest " + run.manifest());
        return 0;
    }
}
