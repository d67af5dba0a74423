package org.recsae.spark;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.recsae.runtime.capture.CaptureWindow;
import org.recsae.runtime.capture.CapturedRowsWriter;
import org.recsae.runtime.capture.WindowBatchRunner;
import org.recsae.runtime.data.IndexedUser;
import org.recsae.runtime.data.ItemIdMap;
import org.recsae.runtime.data.UserHistory;
import org.recsae.spi.BadInputException;
import org.recsae.spi.ModelSignature;
import org.recsae.spi.RecommenderPlugins;

/**
 * One task: a range of users, their rows sorted by user, time and read order. Each user's history goes through
 * the same split, windows and batch runner as a local capture, into this attempt's own folder of shards and rows;
 * the task returns a {@link PartOutput} line for the driver to assemble.
 */
final class PartitionCapture implements MapPartitionsFunction<Row, String> {
    private static final long serialVersionUID = 1L;

    private final PartitionJob job;

    PartitionCapture(PartitionJob job) {
        this.job = job;
    }

    @Override
    public Iterator<String> call(Iterator<Row> rows) {
        TaskContext task = TaskContext.get();
        // taskAttemptId is unique in the application, so a resubmitted stage never shares a zombie attempt's folder.
        Path dir = Path.of(job.staging()).resolve(String.format("part-%05d-%d", task.partitionId(),
                task.taskAttemptId()));
        ModelSignature signature = job.signature();
        ItemIdMap ids = job.ids();
        WindowBatchRunner runner = new WindowBatchRunner(RecommenderPlugins.discover().forName(job.plugin()),
                signature, ExecutorHeads.session(job), Set.copyOf(job.headInputs()), job.probe(), job.perPosition(),
                job.width());
        CapturedRowsWriter writer = new CapturedRowsWriter(dir, job.width(), job.shardBytes(), ids, job.positions());
        long windows = 0;
        try {
            List<CaptureWindow> pending = new ArrayList<>();
            long user = 0;
            List<Long> items = new ArrayList<>();
            while (rows.hasNext()) {
                Row row = rows.next();
                long u = id(row, SparkLog.USER_TEXT, 0);
                long item = id(row, SparkLog.ITEM_TEXT, 1);
                if (!job.columns().get(2).isEmpty()) {
                    id(row, SparkLog.TIME_TEXT, 2);
                }
                if (!items.isEmpty() && u != user) {
                    windows += plan(user, items, signature, ids, pending);
                    drain(runner, writer, pending, false);
                    items.clear();
                }
                user = u;
                items.add(item);
            }
            if (!items.isEmpty()) {
                windows += plan(user, items, signature, ids, pending);
            }
            drain(runner, writer, pending, true);
            writer.close();
        } catch (RuntimeException | Error e) {
            writer.abandon();
            throw e;
        }
        PartOutput out = new PartOutput(task.partitionId(), dir.toString(), writer.vectors(), windows,
                writer.shards(), writer.shardRows());
        return List.of(out.toJson()).iterator();
    }

    private int plan(long user, List<Long> items, ModelSignature signature, ItemIdMap ids, List<CaptureWindow> out) {
        long[] raw = items.stream().mapToLong(Long::longValue).toArray();
        IndexedUser indexed = IndexedUser.of(UserHistory.leaveOneOut(user, raw), ids, signature, job.logFile());
        List<CaptureWindow> mine = CaptureWindow.plan(indexed, job.positions(), signature.maxLength(),
                job.perPosition());
        out.addAll(mine);
        return mine.size();
    }

    /** Runs full batches; with {@code all}, the remainder too. */
    private void drain(WindowBatchRunner runner, CapturedRowsWriter writer, List<CaptureWindow> pending, boolean all) {
        int done = 0;
        while (pending.size() - done >= job.batch() || (all && done < pending.size())) {
            int end = Math.min(pending.size(), done + job.batch());
            runner.run(pending.subList(done, end), writer);
            done = end;
        }
        pending.subList(0, done).clear();
    }

    /** An id or time field checked with the local reader's rule, so both captures accept the same logs. */
    private long id(Row row, String textField, int column) {
        String text = row.getString(row.fieldIndex(textField));
        java.util.OptionalLong value = org.recsae.runtime.data.IdText.value(text);
        if (value.isEmpty()) {
            throw new BadInputException("data file " + job.logLabel() + ": "
                    + org.recsae.runtime.data.IdText.problem(job.columns().get(column), text));
        }
        return value.getAsLong();
    }
}
