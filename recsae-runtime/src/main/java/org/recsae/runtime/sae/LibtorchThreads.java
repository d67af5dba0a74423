package org.recsae.runtime.sae;

import ai.djl.pytorch.jni.JniUtils;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.recsae.spi.RecsaeException;
import org.recsae.spi.RuntimeFailureException;

/**
 * Threads that run libtorch work beside the training thread, and waiting for their tasks. libtorch's grad mode
 * belongs to each thread and is on in a new one, so every pool states the mode its tasks need.
 */
final class LibtorchThreads {
    private LibtorchThreads() {
    }

    /** {@code threads} daemon threads named {@code name}, each with libtorch's grad mode set to {@code gradMode}. */
    static ExecutorService pool(int threads, String name, boolean gradMode) {
        return Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(() -> {
                JniUtils.setGradMode(gradMode);
                r.run();
            }, name);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * The task's result once it is done. recsae's own exceptions come through as they are; any other failure is
     * wrapped with {@code what} ("the encoder update") in front.
     */
    static <T> T join(Future<T> task, String what) {
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeFailureException("training was interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RecsaeException r) {
                throw r;
            }
            throw new RuntimeFailureException(what + " failed: " + e.getCause(), e.getCause());
        }
    }

    /**
     * Waits for {@code task} after the caller's own part failed with {@code failure}, so the task never outlives
     * the arrays it works on (the caller's failure frees them); the task's own failure is kept as suppressed.
     */
    static void settle(Future<?> task, Throwable failure) {
        try {
            task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure.addSuppressed(e);
        } catch (ExecutionException e) {
            failure.addSuppressed(e.getCause());
        }
    }
}
