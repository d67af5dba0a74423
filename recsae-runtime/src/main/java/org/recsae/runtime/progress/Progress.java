package org.recsae.runtime.progress;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Count, rate and ETA for long work, redrawn in place at most a few times a second on a terminal; silent when
 * standard error is not a terminal (CI logs), except for one summary line at the end.
 */
public final class Progress {
    private final PrintStream err;
    private final String what;
    private final String unit;
    private final long total;
    private final boolean interactive;
    private final long start = System.nanoTime();
    private long done;
    private long lastDraw;

    private Progress(PrintStream err, String what, String unit, long total, boolean interactive) {
        this.err = err;
        this.what = what;
        this.unit = unit;
        this.total = total;
        this.interactive = interactive;
    }

    /** @param total the expected count, or -1 if unknown */
    public static Progress start(PrintStream err, String what, String unit, long total) {
        return new Progress(err, what, unit, total, isInteractive());
    }

    /** True on a terminal outside CI, where progress is redrawn in place rather than summarised. */
    public static boolean isInteractive() {
        return System.console() != null && System.getenv("CI") == null;
    }

    public void advance(long n) {
        done += n;
        if (!interactive) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastDraw > 200_000_000L) {
            lastDraw = now;
            err.print("\r" + line(now) + "   ");
            err.flush();
        }
    }

    public long done() {
        return done;
    }

    public double seconds() {
        return (System.nanoTime() - start) / 1e9;
    }

    public double rate() {
        double s = seconds();
        return s > 0 ? done / s : 0;
    }

    private String line(long now) {
        double s = (now - start) / 1e9;
        double rate = s > 0 ? done / s : 0;
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%s: %,d", what, done));
        if (total > 0) {
            sb.append(String.format(Locale.ROOT, "/%,d (%.0f%%)", total, 100.0 * done / total));
        }
        sb.append(String.format(Locale.ROOT, " %s, %,.0f %s/s", unit, rate, unit));
        if (total > 0 && rate > 0 && done < total) {
            sb.append(String.format(Locale.ROOT, ", ETA %s", duration((total - done) / rate)));
        }
        return sb.toString();
    }

    /** Ends the line on a terminal and prints one summary line in any case. */
    public void finish() {
        if (interactive) {
            err.print("\r");
        }
        err.println(String.format(Locale.ROOT, "%s: %,d %s in %s (%,.0f %s/s)", what, done, unit, duration(seconds()),
                rate(), unit));
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return String.format(Locale.ROOT, "%.1fs", seconds);
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
    }
}
