package org.recsae.runtime.sae;

/**
 * Column sums and the sum of squares of some rows, in double precision: enough to get {@code Σ‖x − mean(x)‖²}
 * for rows split in parts, by adding the parts' sums in a fixed order.
 */
record RowSums(double[] sum, double squares, int rows) {

    static RowSums of(float[] x, int width) {
        double[] sum = new double[width];
        double squares = 0;
        for (int i = 0; i < x.length; i++) {
            sum[i % width] += x[i];
            squares += (double) x[i] * x[i];
        }
        return new RowSums(sum, squares, x.length / width);
    }

    RowSums plus(RowSums other) {
        double[] s = sum.clone();
        for (int i = 0; i < s.length; i++) {
            s[i] += other.sum[i];
        }
        return new RowSums(s, squares + other.squares, rows + other.rows);
    }

    /** {@code Σ‖x − mean(x)‖²}: the squares less the rows' count times the squared mean. */
    double spread() {
        double centre = 0;
        for (double s : sum) {
            centre += s * s;
        }
        return Math.max(0, squares - centre / Math.max(1, rows));
    }
}
