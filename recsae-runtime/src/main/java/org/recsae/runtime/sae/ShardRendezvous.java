package org.recsae.runtime.sae;

import java.util.concurrent.Phaser;
import org.recsae.spi.RuntimeFailureException;

/**
 * Where a batch's shards wait for each other once per step (to share the AuxK normaliser). A shard that fails
 * abandons the rendezvous for good: the shards already waiting and those still on their way give up at once instead
 * of waiting for a shard that will never come. (A {@code CyclicBarrier}'s reset releases only the shards already
 * waiting, and a late one would wait for ever.)
 */
final class ShardRendezvous {
    private final Phaser phaser;

    /** Thrown in a shard that gave up because another one failed; the other shard's failure is the one to report. */
    static final class Abandoned extends RuntimeFailureException {
        Abandoned() {
            super("another shard of the batch failed");
        }
    }

    ShardRendezvous(int shards) {
        phaser = new Phaser(shards);
    }

    /** Returns once every shard has arrived; throws {@link Abandoned} if one gave up, before or while waiting. */
    void arriveAndWait() throws InterruptedException {
        int phase = phaser.arrive();
        if (phase < 0 || phaser.awaitAdvanceInterruptibly(phase) < 0) {
            throw new Abandoned();
        }
    }

    /** Called by a failing shard: every wait, present or future, ends with {@link Abandoned}. */
    void abandon() {
        phaser.forceTermination();
    }
}
