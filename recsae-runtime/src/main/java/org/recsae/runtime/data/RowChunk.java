package org.recsae.runtime.data;

import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * Log rows held as parallel primitive arrays (user, time, read order, item) rather than one object per row, sorted
 * in place by user, then time, then read order. Read order is unique, so the sort needs no stability to keep ties
 * in file order. The arrays grow by doubling up to {@code capacity}, so a small log stays small.
 */
final class RowChunk {
    private static final int FIRST_ROWS = 1 << 12;
    private static final int INSERTION_SORT_ROWS = 16;

    private final int capacity;
    private long[] user;
    private long[] time;
    private long[] order;
    private long[] item;
    private int size;

    RowChunk(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a chunk holds at least one row, asked for " + capacity);
        }
        this.capacity = capacity;
        int first = Math.min(capacity, FIRST_ROWS);
        user = new long[first];
        time = new long[first];
        order = new long[first];
        item = new long[first];
    }

    int size() {
        return size;
    }

    boolean full() {
        return size == capacity;
    }

    void add(long u, long t, long o, long i) {
        if (size == user.length) {
            if (full()) {
                throw new IllegalStateException("chunk of " + capacity + " rows is full");
            }
            int grown = (int) Math.min(capacity, 2L * size);
            user = Arrays.copyOf(user, grown);
            time = Arrays.copyOf(time, grown);
            order = Arrays.copyOf(order, grown);
            item = Arrays.copyOf(item, grown);
        }
        user[size] = u;
        time[size] = t;
        order[size] = o;
        item[size] = i;
        size++;
    }

    long user(int k) {
        return user[k];
    }

    long order(int k) {
        return order[k];
    }

    long item(int k) {
        return item[k];
    }

    void clear() {
        size = 0;
    }

    /** Writes the rows as four longs each, in their current order. */
    void write(DataOutputStream out) throws IOException {
        for (int k = 0; k < size; k++) {
            out.writeLong(user[k]);
            out.writeLong(time[k]);
            out.writeLong(order[k]);
            out.writeLong(item[k]);
        }
    }

    /** Introsort: quicksort with a median of three, heapsort past a depth limit so no input is quadratic. */
    void sort() {
        quicksort(0, size - 1, 2 * (32 - Integer.numberOfLeadingZeros(size + 1)));
    }

    private void quicksort(int lo, int hi, int depth) {
        while (hi - lo > INSERTION_SORT_ROWS) {
            if (depth-- == 0) {
                heapsort(lo, hi);
                return;
            }
            int p = partition(lo, hi);
            // Recurse into the smaller side, loop on the larger: the stack stays logarithmic.
            if (p - lo < hi - p) {
                quicksort(lo, p - 1, depth);
                lo = p + 1;
            } else {
                quicksort(p + 1, hi, depth);
                hi = p - 1;
            }
        }
        for (int i = lo + 1; i <= hi; i++) {
            for (int j = i; j > lo && less(j, j - 1); j--) {
                swap(j, j - 1);
            }
        }
    }

    /** Lomuto partition around the median of the first, middle and last rows, parked at {@code hi}. */
    private int partition(int lo, int hi) {
        int mid = (lo + hi) >>> 1;
        if (less(mid, lo)) {
            swap(mid, lo);
        }
        if (less(hi, lo)) {
            swap(hi, lo);
        }
        if (less(mid, hi)) {
            swap(mid, hi);
        }
        int i = lo;
        for (int j = lo; j < hi; j++) {
            if (less(j, hi)) {
                swap(i++, j);
            }
        }
        swap(i, hi);
        return i;
    }

    private void heapsort(int lo, int hi) {
        int n = hi - lo + 1;
        for (int i = n / 2 - 1; i >= 0; i--) {
            siftDown(lo, i, n);
        }
        for (int end = n - 1; end > 0; end--) {
            swap(lo, lo + end);
            siftDown(lo, 0, end);
        }
    }

    private void siftDown(int lo, int i, int n) {
        while (true) {
            int c = 2 * i + 1;
            if (c >= n) {
                return;
            }
            if (c + 1 < n && less(lo + c, lo + c + 1)) {
                c++;
            }
            if (!less(lo + i, lo + c)) {
                return;
            }
            swap(lo + i, lo + c);
            i = c;
        }
    }

    private boolean less(int a, int b) {
        if (user[a] != user[b]) {
            return user[a] < user[b];
        }
        if (time[a] != time[b]) {
            return time[a] < time[b];
        }
        return order[a] < order[b];
    }

    private void swap(int a, int b) {
        swap(user, a, b);
        swap(time, a, b);
        swap(order, a, b);
        swap(item, a, b);
    }

    private static void swap(long[] v, int a, int b) {
        long t = v[a];
        v[a] = v[b];
        v[b] = t;
    }
}
