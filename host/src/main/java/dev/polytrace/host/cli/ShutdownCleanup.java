package dev.polytrace.host.cli;

/**
 * A clean-up that runs when its block ends or, if the JVM is stopped first (SIGTERM, a closed
 * terminal), from a shutdown hook: a foreground run detaches either way.
 */
final class ShutdownCleanup implements AutoCloseable {
    private final Runnable cleanup;
    private final Thread hook;

    private ShutdownCleanup(Runnable cleanup, String threadName) {
        this.cleanup = cleanup;
        this.hook = new Thread(cleanup, threadName);
    }

    /** @param cleanup must be safe to run twice (hook and block end may both run it) */
    static ShutdownCleanup install(String threadName, Runnable cleanup) {
        ShutdownCleanup installed = new ShutdownCleanup(cleanup, threadName);
        Runtime.getRuntime().addShutdownHook(installed.hook);
        return installed;
    }

    /** Runs the clean-up now and withdraws the hook. */
    @Override
    public void close() {
        cleanup.run();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException ignored) {
            // already shutting down: the hook runs it too
        }
    }
}
