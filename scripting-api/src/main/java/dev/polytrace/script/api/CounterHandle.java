package dev.polytrace.script.api;

import dev.polytrace.script.metrics.Counter;
import java.util.List;

/**
 * A counter as handlers use it: {@code c.inc()}, {@code c.inc(5)}, {@code c.inc({comm: ev.comm})}.
 */
public final class CounterHandle extends IncrementingHandle {
    private final Counter counter;

    CounterHandle(Counter counter) {
        super("counter", counter);
        this.counter = counter;
    }

    /** Never negative: the counter refuses a negative amount. */
    @Override
    void addToSeries(List<String> labelValues, double amount) {
        counter.inc(labelValues, amount);
    }
}
