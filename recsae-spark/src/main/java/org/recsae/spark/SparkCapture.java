package org.recsae.spark;

import org.recsae.runtime.cli.Main;

/**
 * The {@code spark-submit} entry point: {@code recsae capture} on a Spark cluster, with the same flags, messages
 * and exit codes, writing the same run directory.
 */
public final class SparkCapture {
    private SparkCapture() {
    }

    public static void main(String[] args) {
        java.util.List<String> rest = new java.util.ArrayList<>(java.util.Arrays.asList(args));
        boolean debug = rest.remove("--debug");
        int code = Main.runCommand(new SparkCaptureCommand(), rest.toArray(new String[0]), System.out, System.err, debug);
        System.out.flush();
        if (code != 0) {
            System.exit(code);
        }
    }
}
