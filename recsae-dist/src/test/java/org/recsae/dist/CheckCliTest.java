package org.recsae.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsae.testkit.CliRun;
import org.recsae.testkit.ExampleFiles;

/** {@code recsae check} tells a correctly fed model from a wrongly fed one. */
class CheckCliTest {
    @TempDir
    Path tmp;

    private JsonNode check(String descriptor) throws Exception {
        CliRun r = CliRun.of("check", "--model", ExampleFiles.resolve("sasrec/models/sasrec_opset14_folded.onnx").toString(),
                "--data", ExampleFiles.resolve("data/ml-latest-small").toString(), "--descriptor", descriptor, "--json");
        assertEquals(0, r.exitCode(), r::toString);
        return new ObjectMapper().readTree(r.stdout());
    }

    @Test
    void bundledModelIsClearlyAbovePopularity() throws Exception {
        JsonNode doc = check(ExampleFiles.resolve("sasrec/models/sasrec.descriptor.json").toString());
        double model = doc.path("model").path("hr@10").asDouble();
        double popularity = doc.path("popularity").path("hr@10").asDouble();
        assertEquals(610, doc.path("users").asInt());
        assertTrue(model > 2 * popularity, "model HR@10 " + model + " vs popularity " + popularity);
        assertTrue(doc.path("model").path("ndcg@10").asDouble() > doc.path("popularity").path("ndcg@10").asDouble());
        assertEquals(0, doc.path("warnings").size(), doc.path("warnings")::toString);
    }

    @Test
    void wrongPaddingSideInTheDescriptorWarns() throws Exception {
        Path d = Files.writeString(tmp.resolve("wrong.json"), "{\"version\": 1, \"padding_side\": \"left\", \"item_id_map\": \""
                + ExampleFiles.resolve("sasrec/models/item_ids.csv").toString().replace("\\", "/") + "\"}");
        JsonNode doc = check(d.toString());
        String warnings = doc.path("warnings").toString();
        assertTrue(warnings.contains("the descriptor says padding_side=left"), warnings);
        assertTrue(warnings.contains("means padding_side=right"), warnings);
        // Users with fewer than 50 items are misread, so the wrongly fed model ranks worse.
        double right = check(ExampleFiles.resolve("sasrec/models/sasrec.descriptor.json").toString())
                .path("model").path("hr@10").asDouble();
        double wrong = doc.path("model").path("hr@10").asDouble();
        assertTrue(wrong < right, "wrong padding HR@10 " + wrong + " vs right " + right);
    }
}
