package dev.polytrace.bpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WakeupPolicyTest {
    private static final long MS = 1_000_000;
    private static final long RING = 16 << 20;

    @Test
    void eagerNeverPauses() {
        assertEquals(0, WakeupPolicy.eager().pauseNanos(1000, MS, RING));
        assertSame(WakeupPolicy.eager(), WakeupPolicy.batching(Duration.ZERO));
    }

    @Test
    void batchingPausesUpToMaxLatencyAfterARead() {
        WakeupPolicy policy = WakeupPolicy.batching(Duration.ofMillis(2));
        assertEquals(2 * MS, policy.pauseNanos(72, MS, RING), "a trickle: the full max latency");
        assertEquals(0, policy.pauseNanos(0, MS, RING), "nothing read: back to epoll at once");
    }

    @Test
    void aFastProducerShortensThePauseToAQuarterOfTheRing() {
        WakeupPolicy policy = WakeupPolicy.batching(Duration.ofMillis(10));
        // RING / 2 bytes in 1 ms: a quarter of the ring fills in 0.5 ms.
        assertEquals(MS / 2, policy.pauseNanos(RING / 2, MS, RING));
    }

    @Test
    void negativeLatencyIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> WakeupPolicy.batching(Duration.ofMillis(-1)));
    }
}
