package org.recsae.runtime.fuzz;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Seeded byte-level mutations of a valid input: bit flips, overwrites, truncation, insertion, deletion, splices. */
final class Mutator {
    private static final byte[] INTERESTING = {0, -1, 0x7f, (byte) 0x80, '"', '{', '}', '[', ']', ',', ':', '\\', '\n',
        '0', '9', '-', 'e', '.'};

    private Mutator() {
    }

    static byte[] mutate(byte[] valid, SplittableRandom random) {
        byte[] b = valid.clone();
        int rounds = 1 + random.nextInt(4);
        for (int r = 0; r < rounds; r++) {
            if (b.length == 0) {
                return new byte[] {INTERESTING[random.nextInt(INTERESTING.length)]};
            }
            int at = random.nextInt(b.length);
            switch (random.nextInt(7)) {
                case 0 -> b[at] ^= (byte) (1 << random.nextInt(8));
                case 1 -> b[at] = INTERESTING[random.nextInt(INTERESTING.length)];
                case 2 -> b[at] = (byte) random.nextInt(256);
                case 3 -> b = Arrays.copyOf(b, at);
                case 4 -> {
                    byte[] extra = new byte[1 + random.nextInt(16)];
                    for (int i = 0; i < extra.length; i++) {
                        extra[i] = random.nextBoolean() ? INTERESTING[random.nextInt(INTERESTING.length)]
                                : (byte) random.nextInt(256);
                    }
                    b = splice(b, at, at, extra);
                }
                case 5 -> b = splice(b, at, Math.min(b.length, at + 1 + random.nextInt(16)), new byte[0]);
                default -> {
                    int from = random.nextInt(b.length);
                    int len = Math.min(b.length - from, 1 + random.nextInt(32));
                    b = splice(b, at, at, Arrays.copyOfRange(b, from, from + len));
                }
            }
        }
        return b;
    }

    private static byte[] splice(byte[] b, int from, int to, byte[] insert) {
        byte[] out = new byte[b.length - (to - from) + insert.length];
        System.arraycopy(b, 0, out, 0, from);
        System.arraycopy(insert, 0, out, from, insert.length);
        System.arraycopy(b, to, out, from + insert.length, b.length - to);
        return out;
    }
}
