package org.recsae.runtime.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.recsae.spi.BadInputException;

/** Reads the 2-D little-endian float32 {@code .npy} files recsae writes (and numpy writes with the same dtype). */
public final class NpyReader {
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\((\\d+),\\s*(\\d+),?\\s*\\)");

    private NpyReader() {
    }

    /** Rows and width of a shard, from its header. */
    public record Header(long rows, int width, int dataOffset) {
    }

    public static Header header(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer head = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(head, 0);
            head.flip();
            if (head.remaining() < 10 || (head.get(0) & 0xff) != 0x93 || head.get(1) != 'N') {
                throw new BadInputException(file + " is not a .npy file (bad magic)");
            }
            int major = head.get(6);
            if (major != 1) {
                throw new BadInputException(file + ": expected .npy format version 1.0, found " + major);
            }
            int len = head.getShort(8) & 0xffff;
            ByteBuffer text = ByteBuffer.allocate(len);
            ch.read(text, 10);
            String dict = new String(text.array(), StandardCharsets.US_ASCII);
            if (!dict.contains("'<f4'") || dict.contains("'fortran_order': True")) {
                throw new BadInputException(file + ": expected little-endian float32 in C order, found header " + dict.trim());
            }
            Matcher m = SHAPE.matcher(dict);
            if (!m.find()) {
                throw new BadInputException(file + ": expected a 2-D shape (rows, width), found header " + dict.trim());
            }
            return new Header(Long.parseLong(m.group(1)), Integer.parseInt(m.group(2)), 10 + len);
        } catch (IOException e) {
            throw new BadInputException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads rows {@code [from, from+count)} into {@code out} (row-major). */
    public static void readRows(Path file, Header h, long from, int count, float[] out) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate(count * h.width() * 4).order(ByteOrder.LITTLE_ENDIAN);
            long pos = h.dataOffset() + from * h.width() * 4L;
            while (buf.hasRemaining()) {
                int n = ch.read(buf, pos + buf.position());
                if (n < 0) {
                    throw new BadInputException(file + " ends early: expected " + h.rows() + " rows of " + h.width());
                }
            }
            buf.flip();
            buf.asFloatBuffer().get(out, 0, count * h.width());
        } catch (IOException e) {
            throw new BadInputException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
