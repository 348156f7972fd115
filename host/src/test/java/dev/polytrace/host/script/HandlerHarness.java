package dev.polytrace.host.script;

import dev.polytrace.host.pkg.PackageHandler;
import dev.polytrace.host.session.EventSink;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** A handler fed by the test instead of a kernel: load, start, send events, close. */
final class HandlerHarness implements AutoCloseable {
    /** The call budget of {@link #watchdogOptions()}. */
    static final Duration CALL_BUDGET = Duration.ofMillis(300);

    final RecordingSink output = new RecordingSink();
    final RecordingLog log = new RecordingLog();
    final HandlerRuntime runtime;
    /** Where the test writes events, as a session would. */
    final EventSink sink;

    private HandlerHarness(PackageHandler handler, HandlerOptions options, Map<String, Object> params,
                           WatchdogClock clock) {
        this.runtime = HandlerRuntime.load(handler, options, HandlerServices.of(params, log), output, clock);
        this.sink = runtime.sink();
    }

    static HandlerHarness load(String fileName, String source, HandlerOptions options) {
        return load(fileName, source, options, Map.of());
    }

    static HandlerHarness load(String fileName, String source, HandlerOptions options, Map<String, Object> params) {
        return load(fileName, source, options, params, WatchdogClock.SYSTEM);
    }

    /** With the watchdog on {@code clock}: no call runs out of its budget until the test moves it. */
    static HandlerHarness load(String fileName, String source, HandlerOptions options, ManualClock clock) {
        return load(fileName, source, options, Map.of(), clock);
    }

    private static HandlerHarness load(String fileName, String source, HandlerOptions options,
                                       Map<String, Object> params, WatchdogClock clock) {
        return new HandlerHarness(new PackageHandler(PackageHandler.languageOf(fileName), fileName, source), options,
                params, clock);
    }

    /** Loads and runs init. */
    static HandlerHarness start(String fileName, String source, HandlerOptions options) {
        return started(load(fileName, source, options));
    }

    /** Loads and runs init, with the watchdog on {@code clock}. */
    static HandlerHarness start(String fileName, String source, HandlerOptions options, ManualClock clock) {
        return started(load(fileName, source, options, clock));
    }

    private static HandlerHarness started(HandlerHarness harness) {
        try {
            harness.runtime.start(null);
        } catch (RuntimeException e) {
            harness.close();
            throw e;
        }
        return harness;
    }

    /**
     * For tests whose subject is not a timeout: the budgets are hang guards only, so that a cold
     * first call or a GC pause on a loaded machine never times out a call and changes the counts.
     */
    static HandlerOptions patientOptions() {
        return HandlerOptions.DEFAULTS.withCallTimeout(Duration.ofSeconds(60)).withStartTimeout(Duration.ofSeconds(60))
                .withInterval(Duration.ZERO);
    }

    /**
     * A {@link #CALL_BUDGET} per call, for tests of the watchdog: with a {@link ManualClock}, which
     * runs out a call's budget only when the test says.
     */
    static HandlerOptions watchdogOptions() {
        return patientOptions().withCallTimeout(CALL_BUDGET);
    }

    /** An exec-like event: pid, comm, filename, and its raw bytes (pid as the first 4 bytes). */
    void send(int pid, String comm) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("pid", (long) pid);
        fields.put("comm", comm);
        fields.put("filename", "/bin/" + comm);
        ByteBuffer raw = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(pid).putInt(0).flip();
        sink.onEvent("events", fields, raw);
    }

    static void await(String what, Duration limit, BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** Waits until {@code count} events were settled: handled, failed, ignored or discarded (not dropped): finish's bounded drain cuts none off. */
    void awaitHandled(long count) {
        await(count + " events handled (report: " + runtime.report() + ")", Duration.ofSeconds(60),
                () -> runtime.report().settled() >= count);
    }

    /** Closes the handler as the session's close does, and returns its counters. */
    HandlerReport finish() {
        sink.onClose();
        return runtime.report();
    }

    @Override
    public void close() {
        runtime.close();
    }
}
