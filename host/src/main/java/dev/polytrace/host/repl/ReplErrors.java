package dev.polytrace.host.repl;

import dev.polytrace.bpf.BpfException;
import dev.polytrace.host.input.UserError;
import dev.polytrace.host.pkg.PackageFormatException;
import dev.polytrace.host.pkg.PackageSourceException;
import dev.polytrace.host.script.HandlerException;

/** One line for whatever a command threw: the user sees the cause, not a stack trace. */
final class ReplErrors {
    private ReplErrors() {
    }

    static String message(Throwable e) {
        if (e instanceof UserError || e instanceof BpfException || e instanceof HandlerException
                || e instanceof PackageSourceException || e instanceof PackageFormatException) {
            return e.getMessage();
        }
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            return e.getClass().getSimpleName();
        }
        return m.lines().findFirst().orElse(m);
    }
}
