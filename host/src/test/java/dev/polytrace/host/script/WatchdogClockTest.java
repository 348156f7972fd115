package dev.polytrace.host.script;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The interrupt grace of the system clock: with the watchdog's tick (at most a quarter of the
 * budget), a call that an interrupt cannot stop is cancelled within twice its budget, or its
 * budget plus half a second for budgets under a second.
 */
class WatchdogClockTest {
    @Test
    void theGraceIsHalfTheBudgetWithinHalfASecondAndTwoSeconds() {
        assertEquals(Duration.ofMillis(500), WatchdogClock.SYSTEM.interruptGrace(Duration.ofMillis(100)));
        assertEquals(Duration.ofMillis(500), WatchdogClock.SYSTEM.interruptGrace(Duration.ofMillis(1000)));
        assertEquals(Duration.ofMillis(1500), WatchdogClock.SYSTEM.interruptGrace(Duration.ofMillis(3000)));
        assertEquals(Duration.ofSeconds(2), WatchdogClock.SYSTEM.interruptGrace(Duration.ofSeconds(10)));
    }
}
