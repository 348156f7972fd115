package dev.polytrace.host.system;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** A thread's CPU time counts in its group, read while it lives. */
class ThreadCpuTest {
    private static final long SPIN_NANOS = 150_000_000L;

    @Test
    void aBusyThreadsTimeCountsInTheGroupItsNameSays() throws Exception {
        assertBusyTimeCountsIn("Busy Compiler", ThreadCpu::jitNanos);
        assertBusyTimeCountsIn("busy-worker", ThreadCpu::restNanos);
    }

    private static void assertBusyTimeCountsIn(String name, java.util.function.ToLongFunction<ThreadCpu> group)
            throws InterruptedException {
        CountDownLatch spun = new CountDownLatch(1);
        CountDownLatch measured = new CountDownLatch(1);
        Thread busy = new Thread(() -> {
            // on a CPU for 150 ms of its own, however loaded the machine
            java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
            long until = threads.getCurrentThreadCpuTime() + SPIN_NANOS;
            while (threads.getCurrentThreadCpuTime() < until) {
                Thread.onSpinWait();
            }
            spun.countDown();
            try {
                measured.await(); // alive until measured: an ended thread no longer counts
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name);
        ThreadCpu before = ThreadCpu.now();
        busy.start();
        spun.await();
        ThreadCpu spent = ThreadCpu.now().minus(before);
        measured.countDown();
        busy.join();
        // the rest is the process's total less the others: counted in 10 ms ticks
        assertTrue(group.applyAsLong(spent) >= SPIN_NANOS - 20_000_000L, name + ": " + spent);
    }
}
