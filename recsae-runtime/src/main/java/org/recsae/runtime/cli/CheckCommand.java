package org.recsae.runtime.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;
import org.recsae.runtime.capture.ProbedModel;
import org.recsae.runtime.data.DataSet;
import org.recsae.runtime.data.IndexedLog;
import org.recsae.runtime.eval.CheckResult;
import org.recsae.runtime.eval.ModelCheck;
import org.recsae.runtime.store.Json;

/** {@code recsae check}: is the model fed correctly? Its HR@10 and NDCG@10 on the test split against popularity. */
public final class CheckCommand implements Command {
    @Override
    public String name() {
        return "check";
    }

    @Override
    public String summary() {
        return "confirm the model is fed correctly: HR@10 and NDCG@10 on the test split against a popularity baseline";
    }

    @Override
    public Options options() {
        return CommonOptions.addData(new Options()
                .addOption(CommonOptions.model())
                .addOption(CommonOptions.descriptor())
                .addOption(CommonOptions.plugin())
                .addOption(CommonOptions.json()));
    }

    @Override
    public int run(CommandLine line, CliContext context) {
        ProbedModel probed = ProbedModel.open(Path.of(line.getOptionValue("model")), CommonOptions.descriptorPath(line),
                Optional.ofNullable(line.getOptionValue("plugin")), Optional.empty());
        DataSet data = DataSet.load(Path.of(line.getOptionValue("data")), probed.descriptor(),
                CommonOptions.logOptions(line));
        IndexedLog log = IndexedLog.of(data.log(), data.ids(), probed.signature());
        CheckResult r = ModelCheck.run(probed, log, context.err());
        if (line.hasOption("json")) {
            ObjectNode root = Json.object();
            root.putObject("model").put("hr@" + r.k(), r.modelHr()).put("ndcg@" + r.k(), r.modelNdcg());
            root.putObject("popularity").put("hr@" + r.k(), r.popularityHr()).put("ndcg@" + r.k(), r.popularityNdcg());
            root.put("users", r.users());
            root.put("plugin", probed.plugin().name());
            ArrayNode warnings = root.putArray("warnings");
            r.warnings().forEach(warnings::add);
            context.out().print(Json.write(root));
        } else {
            context.out().printf(Locale.ROOT, "test users  %d (%s)%n", r.users(), data.log().describe());
            context.out().printf(Locale.ROOT, "model       HR@%d %.4f   NDCG@%d %.4f%n", r.k(), r.modelHr(), r.k(),
                    r.modelNdcg());
            context.out().printf(Locale.ROOT, "popularity  HR@%d %.4f   NDCG@%d %.4f%n", r.k(), r.popularityHr(), r.k(),
                    r.popularityNdcg());
            r.warnings().forEach(w -> context.out().println("warning: " + w));
        }
        return 0;
    }
}
