package dev.polytrace.host.repl;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polytrace.script.api.HandlerContext;
import dev.polytrace.script.metrics.MetricsRegistry;
import dev.polytrace.script.symbols.Symbolizer;
import java.io.OutputStream;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * When the prompt waits for another line, as the language's parser judges it: a whole statement
 * runs, one that can still become valid waits, and one that is wrong whatever follows runs at
 * once so its error shows (node's and python's prompts do the same).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatementCompletenessTest {
    private GuestConsole js;
    private GuestConsole python;

    @BeforeAll
    void start() {
        js = console(ReplLanguage.JS);
        python = console(ReplLanguage.PYTHON);
    }

    private static GuestConsole console(ReplLanguage language) {
        ReplEnvironment env = new ReplEnvironment(() -> null, new MetricsRegistry(), Symbolizer.system(),
                (level, message) -> { });
        return new GuestConsole(language, new HandlerContext(env), (count, stream) -> List.of(),
                OutputStream.nullOutputStream(), OutputStream.nullOutputStream());
    }

    @AfterAll
    void close() {
        js.close();
        python.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1 + 2", "function f() {}", "let s = '(';", "`done ${1}`", "/[(]/.test('(')",
            "[1,\n 2].map(\n  x => x)", "ctx.maps"})
    void wholeJsRuns(String text) {
        assertFalse(js.needsMore(text), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"function f() {", "let x = [1,", "foo(", "if (x)", "1 +", "{", "`multi\nline",
            "`a ${ {b: 1}", "/* comment", "ctx.maps.counts.entries().map(e =>\n  e.value"})
    void unfinishedJsWaits(String text) {
        assertTrue(js.needsMore(text), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"this is not valid js (", "a b (", "function f() {\n  this is bad (", "foo(]",
            "1 + + )", "x)", "'unterminated"})
    void hopelessJsRunsAtOnce(String text) {
        assertFalse(js.needsMore(text), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1 + 2", "def f():\n    return 1\n", "x = (1,\n 2)", "'''doc'''", "s = ':'", "# only:",
            "print('(')", "for i in range(3):\n    print(i)\n"})
    void wholePythonRuns(String text) {
        assertFalse(python.needsMore(text), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"def f():", "def f():\n    return 1", "for i in range(3):\n    print(i)", "x = (1,",
            "'''doc", "total = 1 + \\", "@decorator", "if x:  # comment", "d = {'a':\n 1", "class A:",
            "x = (1,\n this is fine"})
    void unfinishedPythonWaits(String text) {
        assertTrue(python.needsMore(text), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"this is not valid python (", "a b", "1 +", "print(1))", "'unterminated", "lambda:",
            "x = [1,) + ("})
    void hopelessPythonRunsAtOnce(String text) {
        assertFalse(python.needsMore(text), text);
    }
}
