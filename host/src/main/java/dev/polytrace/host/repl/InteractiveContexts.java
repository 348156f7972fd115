package dev.polytrace.host.repl;

import dev.polytrace.host.script.SandboxFactory;
import java.io.OutputStream;
import org.graalvm.polyglot.Context;

/**
 * Contexts for the prompt, built by the host's {@link SandboxFactory} like every other guest
 * context (CONSTRAINED sandbox, shared engine per language, no host access beyond exported
 * members), without a statement limit: Ctrl-C interrupts a runaway line instead.
 */
final class InteractiveContexts {
    private InteractiveContexts() {
    }

    /** A new sandboxed context for the prompt, with the guest's stdout and stderr on the given streams. */
    static Context newContext(ReplLanguage language, OutputStream out, OutputStream err) {
        return SandboxFactory.shared().newInteractiveContext(language.id, out, err);
    }
}
