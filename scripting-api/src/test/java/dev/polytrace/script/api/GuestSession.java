package dev.polytrace.script.api;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Value;

/**
 * One sandboxed context for a test class, with helpers to evaluate snippets. Snippets can often
 * be shared between the languages: attribute access, subscripts, calls, lists and dicts with
 * quoted keys read the same, and {@code true}, {@code false} and {@code null} are bound in
 * Python too.
 */
final class GuestSession implements AutoCloseable {
    final String language;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final Context context;

    GuestSession(String language) {
        this.language = language;
        this.context = GuestSandbox.newContext(language, out);
        if (isPython()) {
            context.eval("python", "true = True\nfalse = False\nnull = None\n");
        }
    }

    boolean isPython() {
        return language.equals("python");
    }

    /** Binds a global (the handler's {@code ctx}, a test value). */
    GuestSession bind(String name, Object value) {
        context.getBindings(language).putMember(name, value);
        return this;
    }

    /** Evaluates a snippet: an expression, or (Python) statements ending in one. */
    Value eval(String code) {
        return context.eval(language, code);
    }

    /** The snippet's result converted to Java, as the host would see it. */
    Object java(String code) {
        return GuestValues.toJava(eval(code), "test");
    }

    /** Runs a snippet that must fail; returns the error, whose message must contain {@code expected}. */
    PolyglotException fails(String code, String expected) {
        PolyglotException e = assertThrows(PolyglotException.class, () -> eval(code), code);
        assertTrue(e.getMessage() != null && e.getMessage().contains(expected),
                language + ": '" + code + "' failed with '" + e.getMessage() + "', expected it to mention '"
                        + expected + "'");
        return e;
    }

    String output() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        context.close();
    }
}
