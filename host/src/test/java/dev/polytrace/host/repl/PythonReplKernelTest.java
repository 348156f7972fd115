package dev.polytrace.host.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polytrace.bpf.testing.KernelTest;
import dev.polytrace.bpf.testing.Triggers;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The same prompt in Python. One REPL serves the whole class: the first Python context of a JVM
 * takes seconds, and a person keeps one session open anyway.
 */
@KernelTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PythonReplKernelTest {
    private static final long PID = ProcessHandle.current().pid();
    private PipedRepl repl;

    @BeforeAll
    void start() throws Exception {
        repl = new PipedRepl(PipedRepl.options(ReplFixtures.packageFile().toString(), ReplFixtures.onlyThisProcess())
                .withLanguage(ReplLanguage.PYTHON));
        String banner = repl.start();
        assertTrue(banner.startsWith("polytrace repl (Python)"), banner);
        assertTrue(banner.contains("starting Python"), banner);
    }

    @AfterAll
    void leave() throws Exception {
        if (repl != null) {
            assertEquals(0, repl.endOfInput());
            assertTrue(repl.pending().contains("detached getppid"), repl.pending());
            repl.close();
        }
    }

    private long count() {
        String answer = repl.enter("ctx.maps.counts.get(" + PID + ") or 0");
        return Long.parseLong(answer.strip());
    }

    @Test
    void pythonExpressionsReadTheTracersMap() {
        long before = count();
        Triggers.getppid(5);
        assertEquals(before + 5, count());
        assertEquals(PID + "\n", repl.enter("ctx.params['target_pid']"));
        assertEquals("[{'key': " + PID + ", 'value': " + (before + 5) + "}]\n", repl.enter("ctx.maps.counts.entries()"));
        assertEquals("", repl.enter("seen = {'calls': len(ctx.maps.counts.keys()), 'who': 'me', 'ok': True}"));
        assertEquals("{'calls': 1, 'who': 'me', 'ok': True}\n", repl.enter("seen"));
        assertEquals("me\n", repl.enter("seen['who']"));
        assertEquals("", repl.enter("None"));
    }

    @Test
    void blocksEndWithAnEmptyLine() {
        assertEquals("", repl.enter("def twice(x):\n    return 2 * x\n"));
        assertEquals("42\n", repl.enter("twice(21)"));
        assertEquals("0\n1\n", repl.enter("for i in range(2):\n    print(i)\n"));
        assertEquals("[1, 2]\n", repl.enter("[1,\n 2]"));
        // wrong whatever follows: reported at once, as python's own prompt does
        String hopeless = repl.enter("this is not valid python (");
        assertTrue(hopeless.startsWith("SyntaxError"), hopeless);
        assertEquals("42\n", repl.enter("twice(21)"));
    }

    @Test
    void anErrorIsOneMessage() {
        assertEquals("AttributeError: 'NoneType' object has no attribute 'x'\n", repl.enter("None.x"));
        assertEquals("ZeroDivisionError: division by zero\n", repl.enter("1 / 0"));
        assertTrue(repl.enter("a b").startsWith("SyntaxError"));
        long before = count();
        Triggers.getppid(1);
        assertEquals(before + 1, count());
    }

    @Test
    void eventsAndLanguageSwitch() {
        long before = count();
        Triggers.getppid(2);
        // Each event carries the count after its call: the two newest are these two calls', not
        // events of the tests before.
        String counts = "[" + (before + 1) + ", " + (before + 2) + "]\n";
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!repl.enter("[e['count'] for e in events(2)]").equals(counts)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the events of the two calls did not arrive: " + repl.enter("events(3)"));
            }
        }
        assertEquals("[" + PID + ", " + PID + "]\n", repl.enter("[e['pid'] for e in events(2)]"));
        assertEquals("", repl.enter("kept = 'python variable'"));
        assertEquals("", repl.enter(":lang js"));
        assertEquals("2\n", repl.enter("1 + 1"));
        assertEquals("", repl.enter(":lang python"));
        assertEquals("python variable\n", repl.enter("kept"));
    }
}
