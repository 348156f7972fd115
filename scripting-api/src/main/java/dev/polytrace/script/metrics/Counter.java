package dev.polytrace.script.metrics;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.DoubleAdder;

/** A value that only goes up, per label combination (Prometheus {@code counter}). */
public final class Counter extends Metric {
    Counter(Family family) {
        super(MetricType.COUNTER, family);
    }

    /** Adds {@code amount} (zero or more) to the series of these label values. */
    public void inc(List<String> labelValues, double amount) {
        if (!(amount >= 0) || Double.isInfinite(amount)) {
            throw new MetricsException("counter " + name() + " can only go up: cannot add " + amount
                    + " (use a gauge for values that go down)");
        }
        this.<DoubleAdder>series(labelValues, DoubleAdder::new).add(amount);
    }

    /** The current value; 0 when these label values were never used. */
    public double value(List<String> labelValues) {
        DoubleAdder adder = existingSeries(labelValues);
        return adder == null ? 0 : adder.sum();
    }

    @Override
    void writeSeries(Appendable out, List<String> labelNames, List<String> labelValues, Object series)
            throws IOException {
        Exposition.sample(out, name(), labelNames, labelValues, null, null, ((DoubleAdder) series).sum());
    }
}
