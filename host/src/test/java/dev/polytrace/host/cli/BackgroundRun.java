package dev.polytrace.host.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/** {@code polytrace run ...} on a thread of the test JVM, with output readable while it runs. */
final class BackgroundRun {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final CompletableFuture<Integer> exit;

    private BackgroundRun(String... args) {
        PrintWriter o = new PrintWriter(out, true);
        PrintWriter e = new PrintWriter(err, true);
        exit = CompletableFuture.supplyAsync(() -> PolytraceCommand.commandLine(o, e).execute(args));
    }

    static BackgroundRun start(String... args) {
        return new BackgroundRun(args);
    }

    /** Waits until the run says it is attached (or fails), so triggers happen while it traces. */
    BackgroundRun awaitAttached() {
        awaitErr(s -> s.contains("polytrace: tracing"), Duration.ofSeconds(60));
        return this;
    }

    /** What Ctrl-C does to a foreground run: stop cleanly, print the final samples, exit 0. */
    int interrupt(Duration timeout) {
        StopSignals.requestStop();
        return exitCode(timeout);
    }

    String out() {
        return out.toString();
    }

    String err() {
        return err.toString();
    }

    boolean awaitOut(Predicate<String> condition, Duration timeout) {
        return await(() -> condition.test(out()), timeout);
    }

    void awaitErr(Predicate<String> condition, Duration timeout) {
        if (!await(() -> condition.test(err()) || exit.isDone(), timeout) || !condition.test(err())) {
            throw new AssertionError("run did not report '" + condition + "' in time; stderr: " + err() + "\nstdout: "
                    + out());
        }
    }

    int exitCode(Duration timeout) {
        try {
            return exit.get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("run did not finish: " + e + "\nstderr: " + err(), e);
        }
    }

    private static boolean await(java.util.function.BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }
}
