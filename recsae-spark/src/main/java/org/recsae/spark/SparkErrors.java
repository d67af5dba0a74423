package org.recsae.spark;

import java.util.function.Supplier;
import org.recsae.spi.BadInputException;
import org.recsae.spi.RecsaeException;
import org.recsae.spi.RuntimeFailureException;

/**
 * Spark's failures as recsae's: a recsae error raised in a task reaches the user as itself, not wrapped in a stage
 * failure; Spark's analysis errors (a missing column, an unreadable schema) are bad input; anything else is a
 * runtime failure with Spark's own message. Spark's exceptions are checked in Scala's eyes but undeclared in Java's,
 * so they are caught as {@code Exception}.
 */
final class SparkErrors {
    private SparkErrors() {
    }

    static <T> T unwrapped(String doing, Supplier<T> body) {
        try {
            return body.get();
        } catch (Exception e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof RecsaeException r) {
                    throw r;
                }
            }
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            if (e.getClass().getName().equals("org.apache.spark.sql.AnalysisException")) {
                throw new BadInputException("Spark cannot " + doing + ": " + e.getMessage(), e);
            }
            throw new RuntimeFailureException("Spark failed to " + doing + ": " + root, e);
        }
    }
}
