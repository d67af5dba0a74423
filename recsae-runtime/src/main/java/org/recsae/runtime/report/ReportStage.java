package org.recsae.runtime.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;
import org.recsae.runtime.store.AtomicFiles;
import org.recsae.runtime.store.Json;
import org.recsae.runtime.store.RunDirectory;
import org.recsae.runtime.store.RunManifest;
import org.recsae.spi.RuntimeFailureException;

/**
 * {@code report}: one self-contained HTML file (styles, script and data inline; nothing fetched) showing the
 * SAE's fidelity, the concept dictionary with its evidence, steering, and a comparison when there is one. The
 * page's Content-Security-Policy admits only its own script, by hash, so text from the run can never execute.
 */
public final class ReportStage {
    public static final String STAGE = "report";

    private ReportStage() {
    }

    public static Path run(RunDirectory run, Path out) {
        long start = System.nanoTime();
        ReportData data = write(run, out, Optional.empty());
        ObjectNode stage = Json.object();
        ObjectNode inputs = stage.putObject("inputs");
        for (Path p : data.inputs()) {
            inputs.set(run.relative(p), RunManifest.runFile(run, p));
        }
        stage.putObject("outputs").set("report", out.toAbsolutePath().normalize().startsWith(run.root())
                ? RunManifest.runFile(run, out) : RunManifest.externalFile(out, org.recsae.runtime.store.Hashing.sha256(out)));
        RunManifest.load(run).putStage(STAGE, stage);
        RunManifest.recordTiming(run, STAGE, (System.nanoTime() - start) / 1e9);
        return out;
    }

    /**
     * The run's report with a comparison filled in, written to {@code out} but not recorded as the run's own
     * report stage: what {@code compare} writes into its output folder.
     */
    public static void render(RunDirectory run, Path out, Optional<JsonNode> compare) {
        write(run, out, compare);
    }

    private static ReportData write(RunDirectory run, Path out, Optional<JsonNode> compare) {
        ReportData data = ReportData.gather(run, compare);
        String js = resource("report.js");
        java.util.Map<String, String> values = java.util.Map.of(
                "TITLE", HtmlText.escape(data.document().path("run").path("model").asText()),
                "SUBTITLE", HtmlText.escape(data.document().path("run").path("model").asText() + " · plugin "
                        + data.document().path("run").path("plugin").asText() + " · probe "
                        + data.document().path("run").path("probe").asText()),
                "CSS", resource("report.css"),
                "SCRIPT_HASH", "'sha256-" + sha256Base64(js) + "'",
                "DATA", HtmlText.scriptJson(Json.line(data.document())),
                "JS", js);
        AtomicFiles.writeString(out, fill(resource("report.html"), values));
        return data;
    }

    /**
     * Fills the template's {@code {{NAME}}} placeholders in one pass over the template alone, so text inside a
     * value (a title holding "{{JS}}") is never taken for a placeholder.
     */
    static String fill(String template, java.util.Map<String, String> values) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{\\{([A-Z_]+)}}").matcher(template);
        StringBuilder out = new StringBuilder(template.length() * 2);
        int last = 0;
        while (m.find()) {
            String v = values.get(m.group(1));
            if (v == null) {
                throw new IllegalStateException("the report template has an unknown placeholder " + m.group());
            }
            out.append(template, last, m.start()).append(v);
            last = m.end();
        }
        return out.append(template.substring(last)).toString();
    }

    private static String resource(String name) {
        try (InputStream in = ReportStage.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new RuntimeFailureException("the report template " + name + " is missing from the recsae jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RuntimeFailureException("cannot read the report template " + name + ": " + e.getMessage(), e);
        }
    }

    private static String sha256Base64(String text) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
