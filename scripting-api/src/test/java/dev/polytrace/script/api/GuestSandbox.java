package dev.polytrace.script.api;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.Map;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.SandboxPolicy;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Contexts built as the host's sandbox builds them (CONSTRAINED policy, redirected output,
 * default host access), on one shared Engine per language for the whole test run: the first
 * Python context of a JVM costs seconds, the next ones a fraction of that. The engines close
 * when the run ends.
 */
public final class GuestSandbox implements BeforeAllCallback {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(GuestSandbox.class);
    private static volatile Engines engines;

    @Override
    public void beforeAll(ExtensionContext context) {
        engines = context.getRoot().getStore(NS).getOrComputeIfAbsent("engines", k -> new Engines(), Engines.class);
    }

    /** A fresh context of {@code language} ("js" or "python"); its output goes to {@code out}. */
    static Context newContext(String language, OutputStream out) {
        Engines shared = engines;
        if (shared == null) {
            throw new IllegalStateException("annotate the test class with @ExtendWith(GuestSandbox.class)");
        }
        return Context.newBuilder(language).engine(shared.of(language)).sandbox(SandboxPolicy.CONSTRAINED)
                .out(out).err(out).build();
    }

    /** The engines of the run, closed by JUnit with the root store. */
    static final class Engines implements AutoCloseable {
        private final Map<String, Engine> byLanguage = new HashMap<>();

        synchronized Engine of(String language) {
            return byLanguage.computeIfAbsent(language, lang -> Engine.newBuilder(lang)
                    .sandbox(SandboxPolicy.CONSTRAINED).out(new ByteArrayOutputStream())
                    .err(new ByteArrayOutputStream()).option("engine.WarnInterpreterOnly", "false").build());
        }

        @Override
        public synchronized void close() {
            byLanguage.values().forEach(Engine::close);
            byLanguage.clear();
        }
    }
}
