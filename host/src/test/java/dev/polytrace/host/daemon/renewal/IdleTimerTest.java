package dev.polytrace.host.daemon.renewal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class IdleTimerTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final IdleTimer timer = new IdleTimer(Duration.ofSeconds(10), now::get, 7);

    private void advance(long seconds) {
        now.addAndGet(Duration.ofSeconds(seconds).toNanos());
    }

    @Test
    void dueOnceIdleForTheWholeTimeWithALanguageLoaded() {
        advance(9);
        assertFalse(timer.due(false, 7, true));
        advance(1);
        assertTrue(timer.due(false, 7, true));
    }

    @Test
    void nothingToGiveBackWithoutALanguageLoaded() {
        advance(60);
        assertFalse(timer.due(false, 7, false));
        assertTrue(timer.due(false, 7, true), "the idle time ran while nothing was loaded");
    }

    @Test
    void aTracerOrClientOrRequestStartsTheIdleTimeAgain() {
        advance(9);
        assertFalse(timer.due(true, 7, true), "a tracer deployed");
        advance(9);
        assertFalse(timer.due(false, 7, true));
        advance(1);
        assertTrue(timer.due(false, 7, true));

        advance(5);
        assertFalse(timer.due(false, 8, true), "a request begun since");
        advance(9);
        assertFalse(timer.due(false, 8, true));
        advance(1);
        assertTrue(timer.due(false, 8, true));
    }

    @Test
    void aRenewalThatCouldNotGoAheadWaitsTheWholeTimeAgain() {
        advance(10);
        assertTrue(timer.due(false, 7, true));
        timer.restart();
        advance(9);
        assertFalse(timer.due(false, 7, true));
        advance(1);
        assertTrue(timer.due(false, 7, true));
    }
}
