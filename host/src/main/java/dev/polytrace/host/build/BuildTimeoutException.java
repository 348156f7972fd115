package dev.polytrace.host.build;

/** clang ran longer than the toolchain's time limit and was killed. */
public final class BuildTimeoutException extends BuildException {
    public BuildTimeoutException(String message) {
        super(message);
    }
}
