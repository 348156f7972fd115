package dev.polytrace.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The handler language a run's raw arguments name, read before picocli parses them. */
class EarlyStartsTest {
    @Test
    void theHandlerFilesLanguageInEitherSpelling() {
        assertEquals("python", EarlyStarts.handlerLanguage(new String[] {"run", "x.tracer.json", "--handler", "h.py"}));
        assertEquals("js", EarlyStarts.handlerLanguage(new String[] {"run", "--handler=h.mjs", "x.tracer.json"}));
    }

    @Test
    void noneWithoutAHandlerFileOrAfterTheEndOfOptions() {
        assertNull(EarlyStarts.handlerLanguage(new String[] {"run", "x.tracer.json", "--json"}));
        assertNull(EarlyStarts.handlerLanguage(new String[] {"run", "x.tracer.json", "--handler"}));
        assertNull(EarlyStarts.handlerLanguage(new String[] {"run", "x.tracer.json", "--handler", "h.txt"}));
        assertNull(EarlyStarts.handlerLanguage(new String[] {"run", "--", "--handler", "h.py"}));
    }
}
