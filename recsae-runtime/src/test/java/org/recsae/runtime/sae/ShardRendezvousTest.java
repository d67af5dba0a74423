package org.recsae.runtime.sae;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A batch's shards meet once per step; a failing shard must never leave another waiting for it. */
class ShardRendezvousTest {
    // A guard against a hang, not a speed target: each wait here ends in microseconds when it works.
    private static final long GUARD_S = 30;

    @Test
    void everyShardPassesOnceAllHaveArrived() throws Exception {
        ShardRendezvous r = new ShardRendezvous(2);
        CompletableFuture<Throwable> other = inThread(r);
        r.arriveAndWait();
        assertNull(other.get(GUARD_S, TimeUnit.SECONDS));
    }

    /** The failing shard gives up before the other arrives: the late one must not wait. */
    @Test
    void aShardArrivingAfterAnotherFailedGivesUp() {
        ShardRendezvous r = new ShardRendezvous(2);
        r.abandon();
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(GUARD_S),
                () -> assertThrows(ShardRendezvous.Abandoned.class, r::arriveAndWait));
    }

    /** The other order: one shard is already waiting when the other fails. */
    @Test
    void aWaitingShardGivesUpWhenAnotherFails() throws Exception {
        ShardRendezvous r = new ShardRendezvous(2);
        CompletableFuture<Throwable> waiting = inThread(r);
        Thread.sleep(100); // let it reach the wait; if it has not yet, it finds the rendezvous abandoned instead
        r.abandon();
        assertInstanceOf(ShardRendezvous.Abandoned.class, waiting.get(GUARD_S, TimeUnit.SECONDS));
    }

    /** Runs one shard's wait on another thread; completes with what it threw, or null. */
    private static CompletableFuture<Throwable> inThread(ShardRendezvous r) {
        CompletableFuture<Throwable> out = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                r.arriveAndWait();
                out.complete(null);
            } catch (Throwable e) {
                out.complete(e);
            }
        });
        t.setDaemon(true);
        t.start();
        return out;
    }
}
