package dev.polytrace.host.script;

import dev.polytrace.host.pkg.PackageHandler;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** A handler fed by the test instead of a kernel: load, start, send events, close. */
final class HandlerHarness implements AutoCloseable {
    final RecordingSink output = new RecordingSink();
    final RecordingLog log = new RecordingLog();
    final HandlerSink sink;

    private HandlerHarness(PackageHandler handler, HandlerOptions options, Map<String, Object> params) {
        this.sink = HandlerSink.load(handler, options, HandlerServices.of(params, log), output);
    }

    static HandlerHarness load(String fileName, String source, HandlerOptions options) {
        return load(fileName, source, options, Map.of());
    }

    static HandlerHarness load(String fileName, String source, HandlerOptions options, Map<String, Object> params) {
        return new HandlerHarness(new PackageHandler(PackageHandler.languageOf(fileName), fileName, source), options,
                params);
    }

    /** Loads and runs init. */
    static HandlerHarness start(String fileName, String source, HandlerOptions options) {
        HandlerHarness harness = load(fileName, source, options);
        try {
            harness.sink.start(null);
        } catch (RuntimeException e) {
            harness.close();
            throw e;
        }
        return harness;
    }

    static HandlerOptions fastOptions() {
        return HandlerOptions.DEFAULTS.withCallTimeout(Duration.ofMillis(300)).withStartTimeout(Duration.ofSeconds(60))
                .withInterval(Duration.ZERO);
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

    void awaitHandled(long count) {
        await(count + " events handled (report: " + sink.report() + ")", Duration.ofSeconds(60),
                () -> sink.report().handled() + sink.report().unhandled() >= count);
    }

    HandlerReport finish() {
        sink.onClose();
        return sink.report();
    }

    @Override
    public void close() {
        sink.onClose();
    }
}
