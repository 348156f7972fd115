package dev.polytrace.host.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * {@code polytrace run ...} on a thread of the test JVM, its output readable while it runs, and
 * stopped as a first Ctrl-C stops it: when the test has seen what it waited for, not after a
 * duration a loaded machine may or may not fill.
 */
public final class BackgroundCli implements AutoCloseable {
    private static final Duration HANG_GUARD = Duration.ofSeconds(60);

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();

    private BackgroundCli(String... args) {
        PrintWriter o = new PrintWriter(out, true);
        PrintWriter e = new PrintWriter(err, true);
        Thread thread = new Thread(() -> {
            try {
                exit.complete(PolytraceCommand.commandLine(o, e).execute(args));
            } catch (Throwable t) {
                exit.completeExceptionally(t);
            }
        }, "test-polytrace-run");
        thread.setDaemon(true);
        thread.start();
    }

    public static BackgroundCli start(String... args) {
        return new BackgroundCli(args);
    }

    public String out() {
        return out.toString();
    }

    public String err() {
        return err.toString();
    }

    /** Waits until the run says it is attached (its handler's init has run): events now reach it. */
    public BackgroundCli awaitAttached() {
        awaitErr("attached", s -> s.contains("polytrace: tracing "));
        return this;
    }

    /** Waits until stdout shows {@code what}; fails if the run ends first. */
    public void awaitOut(String what, Predicate<String> shown) {
        await("stdout to show " + what, () -> shown.test(out()));
    }

    /** Waits until stderr shows {@code what}; fails if the run ends first. */
    public void awaitErr(String what, Predicate<String> shown) {
        await("stderr to show " + what, () -> shown.test(err()));
    }

    /** Waits until {@code condition} (on the output so far) holds; fails if the run ends first. */
    public void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + HANG_GUARD.toNanos();
        while (!condition.getAsBoolean()) {
            if (exit.isDone() || System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + (exit.isDone() ? " before the run ended" : " within "
                        + HANG_GUARD) + "\nstderr: " + err() + "\nstdout: " + out());
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** Stops the run as a first Ctrl-C does; returns its exit code once it has ended. */
    public int stop() {
        StopSignals.requestStop(); // where Ctrl-C and SIGTERM go
        try {
            return exit.get(HANG_GUARD.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the run did not end: " + e + "\nstderr: " + err(), e);
        }
    }

    @Override
    public void close() {
        if (!exit.isDone()) {
            stop();
        }
    }

}
