package dev.polytrace.script.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.polytrace.script.hist.LinearHistogram;
import dev.polytrace.script.hist.Log2Histogram;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** ctx.hist from guest data; map sources are covered by the kernel test. */
@ExtendWith(GuestSandbox.class)
class ContextHistogramsTest {
    private static final Map<String, GuestSession> SESSIONS = new HashMap<>();

    private static GuestSession session(String language) {
        return SESSIONS.computeIfAbsent(language, GuestSession::new)
                .bind("ctx", new HandlerContext(new FakeEnvironment()));
    }

    @AfterAll
    static void closeSessions() {
        SESSIONS.values().forEach(GuestSession::close);
        SESSIONS.clear();
    }

    @ParameterizedTest
    @ValueSource(strings = {"js", "python"})
    void log2OfRawValuesBucketsThem(String language) {
        GuestSession g = session(language);
        String expected = Log2Histogram.render(Log2Histogram.fromValues(0, 1, 3, 3, 17, 250), "usecs");
        assertEquals(expected, g.java("ctx.hist.log2([0, 1, 3, 3, 17, 250], 'usecs')"));
        assertEquals(Log2Histogram.render(Log2Histogram.fromValues(2, 5), "value"), g.java("ctx.hist.log2([2.5, 5])"),
                "fractions are cut; the default unit is 'value'");
        assertEquals("", g.java("ctx.hist.log2([])"));
        g.fails("ctx.hist.log2([1, -4])", "ctx.hist.log2: element [1] is negative");
        g.fails("ctx.hist.log2(['x'])", "element [0] is x, not a number");
    }

    @ParameterizedTest
    @ValueSource(strings = {"js", "python"})
    void log2OfCountsPerSlot(String language) {
        GuestSession g = session(language);
        String expected = Log2Histogram.render(new long[] {0, 4, 32}, "usecs");
        assertEquals(expected, g.java("ctx.hist.log2({'slots': [0, 4, 32]}, 'usecs')"));
        assertEquals(expected, g.java("ctx.hist.log2({'1': 4, '2': 32}, 'usecs')"));
        if (g.isPython()) {
            assertEquals(expected, g.java("ctx.hist.log2({1: 4, 2: 32}, 'usecs')"));
        }
        g.fails("ctx.hist.log2({'x': 1})", "key 'x' is not a bucket index");
        g.fails("ctx.hist.log2(5)", "cannot make a histogram of 5");
    }

    @ParameterizedTest
    @ValueSource(strings = {"js", "python"})
    void linearBucketsFromMinByStep(String language) {
        GuestSession g = session(language);
        assertEquals(LinearHistogram.render(new long[] {2, 0, 1}, 10, 10, "msecs"),
                g.java("ctx.hist.linear([10, 19, 35], 10, 10, 'msecs')"));
        assertEquals(LinearHistogram.render(new long[] {1}, 10, 10, "value") + "(2 values below 10 not shown)\n",
                g.java("ctx.hist.linear([1, 2, 12], 10, 10)"));
        assertEquals(LinearHistogram.render(new long[] {3, 0, 5}, 0, 5, "ms"),
                g.java("ctx.hist.linear({'counts': [3, 0, 5]}, 0, 5, 'ms')"));
        g.fails("ctx.hist.linear([1], 0, 0)", "step must be positive");
        g.fails("ctx.hist.linear([1000000000], 0, 1)", "use a larger step");
    }
}
