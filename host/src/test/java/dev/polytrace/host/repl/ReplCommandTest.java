package dev.polytrace.host.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polytrace.host.cli.CliRun;
import org.junit.jupiter.api.Test;

/** {@code polytrace repl} on the command line: its help, and a wrong option as one line. */
class ReplCommandTest {
    @Test
    void helpDescribesTheOptions() {
        CliRun run = CliRun.run("repl", "--help");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("Usage: polytrace repl"), run.out());
        assertTrue(run.out().contains("--lang") && run.out().contains("--param") && run.out().contains("PKG"), run.out());
    }

    @Test
    void anUnknownLanguageIsOneLine() {
        CliRun run = CliRun.run("repl", "--lang", "ruby");
        assertEquals(1, run.exitCode());
        assertEquals("polytrace: unknown language 'ruby' (js or python)\n", run.err());
    }
}
