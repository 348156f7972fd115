package dev.polytrace.host.build;

/** A source for a confined build names a file outside what the build may read ({@link IncludeConfinement}). */
public final class IncludeRefusedException extends BuildException {
    public IncludeRefusedException(String message) {
        super(message);
    }
}
