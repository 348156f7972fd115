package dev.polytrace.host.repl;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** When the prompt asks for another line instead of running what was typed. */
class InputCompletenessTest {
    @ParameterizedTest
    @ValueSource(strings = {"function f() {", "let x = [1,", "foo(", "`multi\nline", "`a ${ {b: 1}", "/* comment",
            "ctx.maps.counts.entries().map(e =>\n  e.value"})
    void unfinishedJs(String text) {
        assertTrue(ReplLanguage.JS.needsMore(text), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1 + 2", "function f() {}", "'a {'", "\"(\"", "// open (", "x)", "`done ${1}`",
            "/[(]/.test('(')", "let s = 'unterminated"})
    void finishedJs(String text) {
        assertFalse(ReplLanguage.JS.needsMore(text), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"def f():", "def f():\n    return 1", "for i in range(3):\n    print(i)", "x = (1,",
            "'''doc", "total = 1 + \\", "@decorator", "if x:  # comment", "d = {'a':\n 1"})
    void unfinishedPython(String text) {
        assertTrue(ReplLanguage.PYTHON.needsMore(text), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1 + 2", "def f():\n    return 1\n", "x = (1,\n 2)", "'''doc'''", "s = ':'", "# only:",
            "print('(')", "for i in range(3):\n    print(i)\n\n", "'unterminated"})
    void finishedPython(String text) {
        assertFalse(ReplLanguage.PYTHON.needsMore(text), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"`multi\nline", "`a ${1} b", "/* comment", "f(1, /* more"})
    void jsTextThatEndsInsideATemplateOrCommentCanStillClose(String text) {
        assertTrue(ReplLanguage.JS.endsInsideLiteral(text), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"foo(", "`done`", "/* done */ 1", "'open"})
    void otherJsTextIsLeftToTheParser(String text) {
        assertFalse(ReplLanguage.JS.endsInsideLiteral(text), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"'''doc", "x = (1,"})
    void pythonTextIsLeftToTheParser(String text) {
        assertFalse(ReplLanguage.PYTHON.endsInsideLiteral(text), text);
    }
}
