package org.recsae.runtime.sae;

/**
 * Running sums over a set of vectors and their reconstructions, from which the reported metrics follow:
 * <ul>
 *   <li>NMSE = Σ‖x − x̂‖² / Σ‖x − mean(x)‖²</li>
 *   <li>explained variance = 1 − Σ‖r − mean(r)‖² / Σ‖x − mean(x)‖², with r = x − x̂</li>
 *   <li>L0 = mean number of active latents per vector</li>
 *   <li>a latent is dead if no vector in the set activates it</li>
 * </ul>
 * Sums are in double precision; Σ‖x − μ‖² is computed as Σ‖x‖² − n‖μ‖².
 */
public final class ReconstructionStats {
    private final int width;
    private final double[] sumX;
    private final double[] sumR;
    private double sumSqX;
    private double sumSqR;
    private long vectors;
    private long active;
    private final long[] fired;

    public ReconstructionStats(int width, int latents) {
        this.width = width;
        this.sumX = new double[width];
        this.sumR = new double[width];
        this.fired = new long[latents];
    }

    /** Adds {@code n} vectors: inputs, reconstructions (row-major), and each row's active latents (-1 padded). */
    public void add(float[] x, float[] xHat, int n, long[] latentIndex, float[] latentValue, int k) {
        for (int i = 0; i < n; i++) {
            for (int d = 0; d < width; d++) {
                double xv = x[i * width + d];
                double r = xv - xHat[i * width + d];
                sumX[d] += xv;
                sumR[d] += r;
                sumSqX += xv * xv;
                sumSqR += r * r;
            }
            for (int j = 0; j < k; j++) {
                if (latentValue[i * k + j] > 0) {
                    fired[(int) latentIndex[i * k + j]]++;
                    active++;
                }
            }
        }
        vectors += n;
    }

    public long vectors() {
        return vectors;
    }

    private double centredX() {
        double meanSq = 0;
        for (double s : sumX) {
            meanSq += (s / vectors) * (s / vectors);
        }
        return sumSqX - vectors * meanSq;
    }

    public double nmse() {
        return sumSqR / centredX();
    }

    public double explainedVariance() {
        double meanSq = 0;
        for (double s : sumR) {
            meanSq += (s / vectors) * (s / vectors);
        }
        return 1 - (sumSqR - vectors * meanSq) / centredX();
    }

    public double l0() {
        return vectors == 0 ? 0 : (double) active / vectors;
    }

    public long[] fired() {
        return fired.clone();
    }

    public int deadLatents() {
        int dead = 0;
        for (long f : fired) {
            if (f == 0) {
                dead++;
            }
        }
        return dead;
    }

    public double deadFraction() {
        return (double) deadLatents() / fired.length;
    }

    /** Merges another set's sums into a new object (for "training and held-out vectors together"). */
    public ReconstructionStats plus(ReconstructionStats o) {
        ReconstructionStats s = new ReconstructionStats(width, fired.length);
        for (int d = 0; d < width; d++) {
            s.sumX[d] = sumX[d] + o.sumX[d];
            s.sumR[d] = sumR[d] + o.sumR[d];
        }
        s.sumSqX = sumSqX + o.sumSqX;
        s.sumSqR = sumSqR + o.sumSqR;
        s.vectors = vectors + o.vectors;
        s.active = active + o.active;
        for (int i = 0; i < fired.length; i++) {
            s.fired[i] = fired[i] + o.fired[i];
        }
        return s;
    }
}
