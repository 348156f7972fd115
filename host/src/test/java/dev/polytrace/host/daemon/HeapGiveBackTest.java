package dev.polytrace.host.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HeapGiveBackTest {
    private static final long QUIET = HeapGiveBack.QUIET.toNanos();

    private final AtomicLong now = new AtomicLong(1_000);
    private final AtomicInteger collections = new AtomicInteger();
    private final HeapGiveBack heap = new HeapGiveBack(now::get, collections::incrementAndGet);

    @Test
    void collectsOnceWhenQuietAfterATracerWentAway() {
        heap.tracerGone();
        now.addAndGet(QUIET - 1);
        heap.tick();
        assertEquals(0, collections.get(), "not before the quiet spell is over");
        now.addAndGet(1);
        heap.tick();
        now.addAndGet(QUIET * 5);
        heap.tick();
        assertEquals(1, collections.get(), "once per quiet spell");
    }

    @Test
    void neverCollectsWhileTracersOnlyCome() {
        heap.tracerCame();
        now.addAndGet(QUIET * 3);
        heap.tick();
        assertEquals(0, collections.get());
    }

    @Test
    void aTracerStartingPostponesAWaitingCollection() {
        heap.tracerGone();
        now.addAndGet(QUIET - 1);
        heap.tracerCame();
        now.addAndGet(QUIET - 1);
        heap.tick();
        assertEquals(0, collections.get(), "a deploy restarts the quiet spell");
        now.addAndGet(1);
        heap.tick();
        assertEquals(1, collections.get());
    }
}
