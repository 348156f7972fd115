package dev.polytrace.host.daemon;

/** Events per second over the last few seconds, from counts sampled about once a second. */
final class RateMeter {
    private static final int WINDOW = 6;

    private final long[] times = new long[WINDOW];
    private final long[] counts = new long[WINDOW];
    private int size;
    private int next;

    synchronized void sample(long nanos, long count) {
        times[next] = nanos;
        counts[next] = count;
        next = (next + 1) % WINDOW;
        size = Math.min(WINDOW, size + 1);
    }

    synchronized double perSecond() {
        if (size < 2) {
            return 0;
        }
        int newest = (next - 1 + WINDOW) % WINDOW;
        int oldest = (next - size + WINDOW) % WINDOW;
        double seconds = (times[newest] - times[oldest]) / 1e9;
        return seconds <= 0 ? 0 : (counts[newest] - counts[oldest]) / seconds;
    }
}
