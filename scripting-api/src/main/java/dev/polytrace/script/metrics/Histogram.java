package dev.polytrace.script.metrics;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * Observations counted into cumulative buckets, per label combination (Prometheus
 * {@code histogram}): {@code _bucket{le="..."}} for each upper bound and {@code +Inf}, then
 * {@code _sum} and {@code _count}.
 */
public final class Histogram extends Metric {
    /** The Prometheus client libraries' default buckets, for latencies in seconds. */
    public static final List<Double> DEFAULT_BUCKETS = List.of(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5,
            5.0, 10.0);

    private final double[] bounds;

    Histogram(Family family, double[] bounds) {
        super(MetricType.HISTOGRAM, family);
        this.bounds = bounds;
    }

    /** Checks the upper bounds: finite, strictly increasing, at most 1000; empty means the defaults. */
    static double[] checkedBounds(String metric, List<Double> buckets) {
        List<Double> chosen = buckets == null || buckets.isEmpty() ? DEFAULT_BUCKETS : buckets;
        if (chosen.size() > 1000) {
            throw new MetricsException("histogram " + metric + ": " + chosen.size() + " buckets is too many (at most"
                    + " 1000)");
        }
        double[] bounds = new double[chosen.size()];
        for (int i = 0; i < bounds.length; i++) {
            Double b = chosen.get(i);
            if (b == null || b.isNaN() || b.isInfinite()) {
                throw new MetricsException("histogram " + metric + ": bucket bound " + b + " is not a finite number"
                        + " (+Inf is always added)");
            }
            if (i > 0 && b <= bounds[i - 1]) {
                throw new MetricsException("histogram " + metric + ": bucket bounds must increase, but " + b
                        + " follows " + bounds[i - 1]);
            }
            bounds[i] = b;
        }
        return bounds;
    }

    /** The upper bounds, without the implicit +Inf. */
    public List<Double> buckets() {
        return Arrays.stream(bounds).boxed().toList();
    }

    public void observe(List<String> labelValues, double value) {
        if (Double.isNaN(value)) {
            throw new MetricsException("histogram " + name() + ": cannot observe NaN");
        }
        this.<Series>series(labelValues, () -> new Series(bounds.length)).add(bucketOf(value), value);
    }

    /** Observations so far; 0 when these label values were never used. */
    public long count(List<String> labelValues) {
        Series s = existingSeries(labelValues);
        return s == null ? 0 : s.snapshot().count;
    }

    /** Sum of the observations so far; 0 when these label values were never used. */
    public double sum(List<String> labelValues) {
        Series s = existingSeries(labelValues);
        return s == null ? 0 : s.snapshot().sum;
    }

    /** Index of the first bound the value does not exceed; bounds.length for +Inf. */
    private int bucketOf(double value) {
        int i = Arrays.binarySearch(bounds, value);
        return i >= 0 ? i : -i - 1;
    }

    @Override
    void writeSeries(Appendable out, List<String> labelNames, List<String> labelValues, Object series)
            throws IOException {
        Series.Snapshot s = ((Series) series).snapshot();
        long cumulative = 0;
        for (int i = 0; i <= bounds.length; i++) {
            cumulative += s.counts[i];
            String le = i < bounds.length ? Exposition.number(bounds[i]) : "+Inf";
            Exposition.sample(out, name() + "_bucket", labelNames, labelValues, "le", le, cumulative);
        }
        Exposition.sample(out, name() + "_sum", labelNames, labelValues, null, null, s.sum);
        Exposition.sample(out, name() + "_count", labelNames, labelValues, null, null, s.count);
    }

    /** One label combination's buckets; updates are rare next to reads of a scrape, so a lock is enough. */
    private static final class Series {
        private final long[] counts;
        private double sum;
        private long count;

        Series(int bounds) {
            counts = new long[bounds + 1];
        }

        synchronized void add(int bucket, double value) {
            counts[bucket]++;
            sum += value;
            count++;
        }

        /** A consistent copy, so that _count always equals the +Inf bucket. */
        synchronized Snapshot snapshot() {
            return new Snapshot(counts.clone(), sum, count);
        }

        record Snapshot(long[] counts, double sum, long count) {
        }
    }
}
