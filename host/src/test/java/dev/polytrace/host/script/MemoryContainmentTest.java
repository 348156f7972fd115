package dev.polytrace.host.script;

import static dev.polytrace.host.script.ContainmentTest.assertMatches;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Unbounded allocation, in a JVM with a 512 MB heap ({@link AllocationBomb}): the allocating
 * call is stopped with a clear message (by the {@link HeapGuard}, or by its own out-of-memory
 * error) and its context closed, freeing what it held. Under {@code onHandlerError: continue} the
 * context is rebuilt and the bomb's next event is handled by a fresh module (an empty hoard); under
 * {@code stop} the handler stops. Either way the feeding thread never fails, a bystander handler in
 * the same JVM keeps handling events without an error, and a new context can be built afterwards.
 * What the stopped context held is free right after: nothing (the engine, the watchdog, a frame
 * below the rebuild) keeps it reachable.
 */
class MemoryContainmentTest {
    @ParameterizedTest
    @CsvSource({"bomb.js, continue", "bomb.py, continue", "bomb.js, stop", "bomb.py, stop"})
    void anAllocatingCallIsStoppedAndTheHostLives(String bomb, String onError) throws IOException,
            InterruptedException {
        Map<String, String> result = fork(bomb, onError);
        assertEquals("", result.getOrDefault("done", "missing"), result::toString);
        assertMatches(bomb.replace(".", "\\.") + "(:\\d+)?: .*(out of memory|MemoryError|heap was \\d+% full).*",
                result.get("bomb.error"));
        if (onError.equals("continue")) {
            assertEquals("1", result.get("bomb.rebuilds"), result::toString);
            assertEquals("null", result.get("bomb.stopCause"), result::toString);
            assertEquals("[{pid=2, hoard=0}]", result.get("bomb.records"), "a fresh module took event 2: " + result);
        } else {
            assertEquals("0", result.get("bomb.rebuilds"), result::toString);
            assertEquals(result.get("bomb.error"), result.get("bomb.stopCause"), result::toString);
            assertEquals("[]", result.get("bomb.records"), result::toString);
        }
        assertEquals(null, result.get("uncaught"), result::toString);
        int heapUsed = Integer.parseInt(result.get("heap.percentUsedAfterBomb"));
        assertTrue(heapUsed < 40, "the stopped context's memory was given back, heap " + heapUsed + "% used: " + result);
        assertEquals("0", result.get("bystander.errors"), result::toString);
        assertEquals(result.get("bystander.sent"), result.get("bystander.handled"), "every event the bystander was sent, "
                + "during the bomb and after: " + result);
        assertEquals("1", result.get("fresh.state"), result::toString);
    }

    private static Map<String, String> fork(String bomb, String onError) throws IOException, InterruptedException {
        return ForkedJvm.run(AllocationBomb.class, List.of("-Xmx512m"), bomb, onError);
    }
}
