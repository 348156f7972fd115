package dev.polytrace.host.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * A run's JIT compiler threads at nice 19 while it starts, and back afterwards, read from this
 * JVM's own threads in /proc: HotSpot's C1 and C2 from the start, and a compiler thread that
 * comes later (a Java thread named as Truffle names its own). Other threads keep their priority.
 */
class StartPriorityTest {
    @Test
    void compilerThreadsAreLoweredUntilTheStartIsDoneThenRestored() throws Exception {
        assumeTrue(StartPriority.active(), "no CAP_SYS_NICE here: a run leaves its compiler threads as they are");
        int own = StartPriority.ownNice();
        assumeTrue(own < StartPriority.LOWEST, "this JVM already runs at nice " + own);
        assertFalse(compilerThreads().isEmpty(), "this JVM has no C1/C2 threads to lower");

        StartPriority priority = new StartPriority();
        assertTrue(priority.begin());
        assertFalse(priority.begin(), "lowering begins once");
        awaitNice(compilerThreads(), StartPriority.LOWEST);

        CountDownLatch release = new CountDownLatch(1);
        Thread later = Thread.ofPlatform().daemon().name("TruffleCompilerThread-7").start(() -> await(release));
        Thread ordinary = Thread.ofPlatform().daemon().name("ordinary-worker").start(() -> await(release));
        try {
            awaitNice(compilerThreads(), StartPriority.LOWEST); // the later one at a later scan
            assertTrue(compilerThreads().containsValue("TruffleCompiler"), "the later thread: " + compilerThreads());
            assertEquals(own, OwnThreads.nice(tidOf("ordinary-worker")), "a thread that is no compiler keeps its priority");

            priority.end();
            priority.awaitRestored();
            compilerThreads().forEach((tid, name) -> assertEquals(own, OwnThreads.nice(tid), name + " has its priority back"));
        } finally {
            release.countDown();
            later.join();
            ordinary.join();
        }
    }

    @Test
    void niceIsReadPastANameWithSpacesAndParentheses() throws Exception {
        Path stat = Files.createTempFile("stat", "");
        try {
            Files.writeString(stat, "4242 (C2 (Compiler) x) S 1 4242 4242 0 -1 4194368 100 0 0 0 5 3 0 0 "
                    + "39 19 40 0 12 0\n");
            assertEquals(19, OwnThreads.nice(stat));
            Files.writeString(stat, "truncated (x) S 1\n");
            assertEquals(19, OwnThreads.nice(stat), "unreadable: as the lowest priority, so nothing is lowered");
        } finally {
            Files.delete(stat);
        }
    }

    private static Map<Integer, String> compilerThreads() {
        Map<Integer, String> compilers = new TreeMap<>();
        for (int tid : OwnThreads.ids()) {
            String name = OwnThreads.name(tid);
            if (OwnThreads.isCompiler(name)) {
                compilers.put(tid, name);
            }
        }
        return compilers;
    }

    private static int tidOf(String name) {
        List<Integer> tids = OwnThreads.ids().stream().filter(tid -> OwnThreads.name(tid).equals(name)).toList();
        assertEquals(1, tids.size(), "threads named " + name);
        return tids.get(0);
    }

    /** The lowering thread scans every 100 ms; 5 s is far beyond any scan. */
    private static void awaitNice(Map<Integer, String> threads, int nice) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        for (Map.Entry<Integer, String> thread : threads.entrySet()) {
            while (OwnThreads.nice(thread.getKey()) != nice && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(nice, OwnThreads.nice(thread.getKey()), thread.getValue() + " (" + thread.getKey() + ")");
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
