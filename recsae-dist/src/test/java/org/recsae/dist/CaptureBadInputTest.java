package org.recsae.dist;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.recsae.testkit.BadInputAssertions.assertCleanFailure;
import static org.recsae.testkit.BadInputAssertions.assertDirectoryHolds;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsae.testkit.ExampleFiles;

/** Bad interaction logs fail {@code capture} and {@code check} cleanly, before ONNX Runtime sees them. */
class CaptureBadInputTest {
    @TempDir
    Path dir;

    private Path run() {
        return dir.resolve("run");
    }

    private Path log(String content) throws IOException {
        return Files.writeString(dir.resolve("log.csv"), content);
    }

    private void assertCaptureFails(Path data, List<String> fragments) {
        assertCleanFailure(3, fragments, "capture", "--model",
                ExampleFiles.resolve("sasrec/models/sasrec_opset14_folded.onnx").toString(),
                "--data", data.toString(), "--run", run().toString());
        assertDirectoryHolds(run(), List.of());
        assertCleanFailure(3, fragments, "check", "--model",
                ExampleFiles.resolve("sasrec/models/sasrec_opset14_folded.onnx").toString(), "--data", data.toString());
    }

    @Test
    void logWithMissingColumns() throws IOException {
        assertCaptureFails(log("user_id,item\n1,2\n"), List.of("log.csv", "expected columns user_id, item_id, time", "[user_id, item]"));
    }

    @Test
    void emptyLog() throws IOException {
        assertCaptureFails(log(""), List.of("log.csv", "empty"));
    }

    @Test
    void headerButNoRows() throws IOException {
        assertCaptureFails(log("user_id,item_id,time\n"), List.of("log.csv", "no interactions"));
    }

    @Test
    void nonNumericIds() throws IOException {
        assertCaptureFails(log("user_id,item_id,time\n1,5,10\n1,abc,11\n"),
                List.of("log.csv, line 3", "'item_id'", "integer", "abc"));
    }

    @Test
    void aFailedCaptureLeavesNoneOfTheFoldersItCreated() throws IOException {
        Path nested = dir.resolve("new/deeper/run");
        assertCleanFailure(3, List.of("log.csv, line 3", "abc"), "capture", "--model",
                ExampleFiles.resolve("sasrec/models/sasrec_opset14_folded.onnx").toString(),
                "--data", log("user_id,item_id,time\n1,5,10\n1,abc,11\n").toString(), "--run", nested.toString());
        assertFalse(Files.exists(dir.resolve("new")), "the capture made new/deeper/run and must take all of it back");
    }

    @Test
    void negativeIds() throws IOException {
        assertCaptureFails(log("user_id,item_id,time\n1,5,10\n-2,6,11\n"),
                List.of("log.csv, line 3", "'user_id'", "negative", "-2"));
    }

    @Test
    void idsBeyondTheEmbeddingTable() throws IOException {
        assertCaptureFails(log("user_id,item_id,time\n1,5,10\n1,9725,11\n1,7,12\n"),
                List.of("item id 9725", "user 1", "outside the model's item table", "0..9724"));
    }

    @Test
    void idsBeyondTheTableNameTheReChorusFileTheyAreIn() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("rechorus"));
        Files.writeString(folder.resolve("train.csv"), "user_id\titem_id\ttime\n1\t5\t10\n1\t6\t11\n1\t7\t12\n");
        Files.writeString(folder.resolve("dev.csv"), "user_id\titem_id\ttime\n1\t8\t13\n");
        Files.writeString(folder.resolve("test.csv"), "user_id\titem_id\ttime\n1\t9725\t14\n");
        assertCaptureFails(folder, List.of("item id 9725", "user 1 in test.csv", "outside the model's item table"));
    }

    @Test
    void idsMissingFromTheIdMap() throws IOException {
        Path map = Files.writeString(dir.resolve("ids.csv"), "raw_id,index\n5,1\n7,2\n");
        Path d = Files.writeString(dir.resolve("d.json"), "{\"version\": 1, \"item_id_map\": \"ids.csv\"}");
        assertCleanFailure(3, List.of("item id 6", "not in the item id map", map.getFileName().toString()),
                "capture", "--model", ExampleFiles.resolve("sasrec/models/sasrec_opset14_folded.onnx").toString(),
                "--descriptor", d.toString(), "--data", log("user_id,item_id,time\n1,5,10\n1,6,11\n1,7,12\n").toString(),
                "--run", run().toString());
        assertDirectoryHolds(run(), List.of());
    }

    @Test
    void dataDirectoryThatDoesNotExist() {
        assertCaptureFails(dir.resolve("no-such-folder"), List.of("no-such-folder", "does not exist"));
    }

    @Test
    void badPositionsIsAUsageError() {
        assertCleanFailure(2, List.of("--positions", "'last' or 'all'", "every"), "capture", "--model",
                ExampleFiles.resolve("sasrec/models/sasrec_opset14_folded.onnx").toString(),
                "--data", ExampleFiles.resolve("data/ml-latest-small").toString(), "--run", run().toString(),
                "--positions", "every");
        assertDirectoryHolds(run(), List.of());
    }
}
