package org.recsae.runtime.capture;

/**
 * One history fed to the head: {@code items[from, to)} of a user's sequence. {@code all} keeps every position of
 * it, {@code last} only the newest.
 */
record CaptureWindow(int user, int from, int to) {
    int length() {
        return to - from;
    }
}
