package dev.polytrace.host.repl;

import dev.polytrace.host.script.SandboxFactory;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.graalvm.polyglot.Context;

/**
 * Contexts for the prompt, built by the host's {@link SandboxFactory} like every other guest
 * context (CONSTRAINED sandbox, shared engine per language, no host access beyond exported members).
 *
 * <p>The factory offers contexts to handlers only: its {@code newContext} and the language enum
 * it takes are package-private to {@code dev.polytrace.host.script}. Until it gains a public
 * {@code newInteractiveContext(languageId, out, err)} (no statement limit: the user stops a
 * runaway line with Ctrl-C, which interrupts the context), this bridge reaches the existing
 * method reflectively, so the REPL still goes through the one factory. Replace the body of
 * {@link #newContext} with that call when it exists.
 */
final class InteractiveContexts {
    private static final String LANGUAGE_ENUM = "dev.polytrace.host.script.HandlerLanguage";

    private InteractiveContexts() {
    }

    /** A new sandboxed context for the prompt, with the guest's stdout and stderr on the given streams. */
    static Context newContext(ReplLanguage language, OutputStream out, OutputStream err) {
        try {
            Class<?> languages = Class.forName(LANGUAGE_ENUM);
            Object handlerLanguage = constant(languages, language.name());
            Method newContext = SandboxFactory.class.getDeclaredMethod("newContext", languages, OutputStream.class,
                    OutputStream.class, long.class);
            newContext.setAccessible(true);
            return (Context) newContext.invoke(SandboxFactory.shared(), handlerLanguage, out, err, 0L);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("cannot start a " + language.displayName + " context: " + e.getCause(),
                    e.getCause());
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("the sandbox factory no longer offers newContext(" + LANGUAGE_ENUM
                    + ", OutputStream, OutputStream, long); give it a public method for interactive contexts", e);
        }
    }

    private static Object constant(Class<?> enumType, String name) {
        for (Object constant : enumType.getEnumConstants()) {
            if (((Enum<?>) constant).name().equals(name)) {
                return constant;
            }
        }
        throw new IllegalStateException(enumType.getName() + " has no " + name);
    }
}
