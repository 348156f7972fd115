package dev.polytrace.host.script;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How a call budget set after the fact ({@code --handler-timeout}) moves the start budget. */
class HandlerOptionsTest {
    @Test
    void aShorterCallBudgetKeepsAStartBudgetSetBefore() {
        HandlerOptions options = HandlerOptions.DEFAULTS.withStartTimeout(Duration.ofSeconds(60))
                .withCallTimeout(Duration.ofMillis(300));
        assertEquals(Duration.ofMillis(300), options.callTimeout());
        assertEquals(Duration.ofSeconds(60), options.startTimeout());
    }

    @Test
    void aLongerCallBudgetStretchesTheStartBudget() {
        HandlerOptions options = HandlerOptions.DEFAULTS.withCallTimeout(Duration.ofSeconds(30));
        assertEquals(Duration.ofSeconds(30), options.startTimeout());
    }

    @Test
    void noCallBudgetMeansNoStartBudgetAndBack() {
        HandlerOptions none = HandlerOptions.DEFAULTS.withCallTimeout(Duration.ZERO);
        assertEquals(Duration.ZERO, none.startTimeout(), "zero: no watchdog at all");
        assertEquals(HandlerOptions.DEFAULT_START_TIMEOUT, none.withCallTimeout(Duration.ofMillis(100)).startTimeout());
    }
}
