package dev.polytrace.host.build;

import java.util.Optional;

/**
 * clang rejected the source. {@link #diagnostics()} is clang's stderr as it printed it (file:line:
 * column, caret lines, notes); {@link #hint()} a line of advice the build could add; the message
 * is the one-line summary {@code clang exited with code N}.
 */
public final class CompilationFailedException extends BuildException {
    private final String diagnostics;
    private final int exitCode;
    private final Optional<String> hint;

    public CompilationFailedException(String diagnostics, int exitCode) {
        this(diagnostics, exitCode, Optional.empty());
    }

    public CompilationFailedException(String diagnostics, int exitCode, Optional<String> hint) {
        super("clang exited with code " + exitCode);
        this.diagnostics = diagnostics;
        this.exitCode = exitCode;
        this.hint = hint;
    }

    public String diagnostics() {
        return diagnostics;
    }

    public int exitCode() {
        return exitCode;
    }

    /** e.g. that an undeclared {@code bpf_*} name is probably newer than the installed libbpf. */
    public Optional<String> hint() {
        return hint;
    }

    /** The diagnostics and the hint, each ending in a newline unless empty: what precedes the summary. */
    public String details() {
        String d = diagnostics.isEmpty() || diagnostics.endsWith("\n") ? diagnostics : diagnostics + "\n";
        return d + hint.map(h -> h + "\n").orElse("");
    }

    /** The diagnostics, the hint and the summary line, as a terminal should show them. */
    public String report() {
        return details() + getMessage();
    }
}
