package dev.polytrace.script.metrics;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** A value that goes up and down, per label combination (Prometheus {@code gauge}). */
public final class Gauge extends Metric {
    Gauge(Family family) {
        super(MetricType.GAUGE, family);
    }

    public void set(List<String> labelValues, double value) {
        bits(labelValues).set(Double.doubleToRawLongBits(value));
    }

    /** Adds {@code delta}, which may be negative. */
    public void add(List<String> labelValues, double delta) {
        bits(labelValues).getAndUpdate(old -> Double.doubleToRawLongBits(Double.longBitsToDouble(old) + delta));
    }

    /** The current value; 0 when these label values were never used. */
    public double value(List<String> labelValues) {
        AtomicLong bits = existingSeries(labelValues);
        return bits == null ? 0 : Double.longBitsToDouble(bits.get());
    }

    /** The value is kept as the bits of a double, so set and add are lock-free. */
    private AtomicLong bits(List<String> labelValues) {
        return series(labelValues, () -> new AtomicLong(Double.doubleToRawLongBits(0)));
    }

    @Override
    void writeSeries(Appendable out, List<String> labelNames, List<String> labelValues, Object series)
            throws IOException {
        Exposition.sample(out, name(), labelNames, labelValues, null, null,
                Double.longBitsToDouble(((AtomicLong) series).get()));
    }
}
