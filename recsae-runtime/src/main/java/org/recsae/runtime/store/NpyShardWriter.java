package org.recsae.runtime.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.recsae.spi.RuntimeFailureException;

/**
 * Streams float32 rows of width {@code d} into one {@code .npy} file (format v1.0, {@code <f4}, C order) without
 * holding them in memory. The row count is unknown until {@link #close()}, so the header is written with room to
 * spare and rewritten at the end; the data goes to a temporary file that is renamed into place only when complete.
 */
public final class NpyShardWriter implements AutoCloseable {
    /** Header size, magic included: a multiple of 64 with room for any row count. */
    static final int HEADER_BYTES = 128;

    private final Path target;
    private final Path tmp;
    private final int width;
    private final FileChannel channel;
    private final ByteBuffer buffer;
    private long rows;
    private boolean finished;

    public NpyShardWriter(Path target, int width) {
        this.target = target;
        this.tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        this.width = width;
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            this.channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
            channel.write(ByteBuffer.wrap(header(0, width)));
        } catch (IOException e) {
            throw new RuntimeFailureException("cannot create activation shard " + tmp + ": " + e.getMessage(), e);
        }
        this.buffer = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Appends {@code count} rows taken from {@code data} starting at {@code offset} (row-major). */
    public void write(float[] data, int offset, int count) {
        int n = count * width;
        for (int i = 0; i < n; i++) {
            if (buffer.remaining() < 4) {
                flush();
            }
            buffer.putFloat(data[offset + i]);
        }
        rows += count;
    }

    public long rows() {
        return rows;
    }

    /** Bytes of this shard so far, header included. */
    public long bytes() {
        return HEADER_BYTES + rows * width * 4L;
    }

    private void flush() {
        buffer.flip();
        try {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        } catch (IOException e) {
            throw new RuntimeFailureException("cannot write activation shard " + tmp + ": " + e.getMessage(), e);
        }
        buffer.clear();
    }

    /** Finishes the file: final header, fsync, rename into place. */
    @Override
    public void close() {
        if (finished) {
            return;
        }
        finished = true;
        try {
            flush();
            channel.write(ByteBuffer.wrap(header(rows, width)), 0);
            channel.force(true);
            channel.close();
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new RuntimeFailureException("cannot finish activation shard " + target + ": " + e.getMessage(), e);
        }
    }

    /** Drops the partial file; nothing appears at the target. */
    public void abandon() {
        finished = true;
        try {
            channel.close();
            Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
            // already failing; the temporary file is replaced by the next attempt
        }
    }

    static byte[] header(long rows, int width) {
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + rows + ", " + width + "), }";
        int textLength = HEADER_BYTES - 10;
        StringBuilder sb = new StringBuilder(dict);
        while (sb.length() < textLength - 1) {
            sb.append(' ');
        }
        sb.append('\n');
        byte[] text = sb.toString().getBytes(StandardCharsets.US_ASCII);
        if (text.length != textLength) {
            throw new IllegalStateException("npy header does not fit in " + HEADER_BYTES + " bytes: " + dict);
        }
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        b.putShort((short) textLength).put(text);
        return b.array();
    }
}
