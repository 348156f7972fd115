package dev.polytrace.host.cli;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * Where a command line runs: in this process (its working directory, stdin and signals), or in
 * the service for a local client (the client's). Commands resolve paths, read stdin and learn of
 * Ctrl-C through it.
 *
 * @param stops routes the next stop request (Ctrl-C, SIGTERM, a local client gone) to a latch
 */
record Invocation(Path workingDir, InputStream stdin, Consumer<CountDownLatch> stops) {
    static final Invocation PROCESS = new Invocation(Path.of(""), System.in, StopSignals::route);

    /** {@code path} as the user meant it: relative to their working directory. */
    Path resolve(Path path) {
        return workingDir.resolve(path);
    }
}
