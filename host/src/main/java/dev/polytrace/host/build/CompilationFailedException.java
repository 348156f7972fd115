package dev.polytrace.host.build;

/**
 * clang rejected the source. {@link #diagnostics()} is clang's stderr as it printed it (file:line:
 * column, caret lines, notes); the message is the one-line summary {@code clang exited with code N}.
 */
public final class CompilationFailedException extends BuildException {
    private final String diagnostics;
    private final int exitCode;

    public CompilationFailedException(String diagnostics, int exitCode) {
        super("clang exited with code " + exitCode);
        this.diagnostics = diagnostics;
        this.exitCode = exitCode;
    }

    public String diagnostics() {
        return diagnostics;
    }

    public int exitCode() {
        return exitCode;
    }

    /** The diagnostics followed by the summary line, as a terminal should show them. */
    public String report() {
        String d = diagnostics.isEmpty() || diagnostics.endsWith("\n") ? diagnostics : diagnostics + "\n";
        return d + getMessage();
    }
}
