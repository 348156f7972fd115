package dev.polytrace.host.script;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A floor for the handler path, interpreted (tests run without the Graal JIT): thousands of
 * events per second even so. The rates are printed for the record; {@link ThroughputProbe} measures
 * them with the JIT.
 */
class HandlerThroughputTest {
    @Test
    void jsHandlerTakesThousandsOfEventsPerSecond() {
        ThroughputProbe.Rate rate = ThroughputProbe.measure("probe.js", ThroughputProbe.JS, Duration.ofSeconds(2),
                Duration.ofSeconds(2));
        System.out.println(rate);
        assertTrue(rate.perSecond() > 2_000, rate::toString);
    }

    @Test
    void pythonHandlerTakesThousandsOfEventsPerSecond() {
        ThroughputProbe.Rate rate = ThroughputProbe.measure("probe.py", ThroughputProbe.PY, Duration.ofSeconds(2),
                Duration.ofSeconds(2));
        System.out.println(rate);
        assertTrue(rate.perSecond() > 1_000, rate::toString);
    }
}
