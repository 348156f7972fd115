package dev.polytrace.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polytrace.bpf.testing.KernelTest;
import dev.polytrace.host.session.RunOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

@KernelTest
class EmbeddedTracerKernelTest {
    @Test
    void countsThisThreadsGetppidCallsInJavaAndInTheKernelMap() throws Exception {
        var pkg = EmbeddedTracer.buildHello(Samples.DIR);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong workerCalls = new AtomicLong();
        CompletableFuture<String> workerComm = new CompletableFuture<>();
        // calls getppid() during the whole trace, which lasts 2 s from the attach
        Thread worker = new Thread(() -> {
            workerComm.complete(Samples.threadComm());
            while (!stop.get()) {
                workerCalls.addAndGet(Samples.getppid());
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "getppid-worker");
        worker.start();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        EmbeddedTracer.Result result;
        try {
            result = EmbeddedTracer.trace(pkg, new RunOptions(Map.of("target_pid", "" + Samples.ownPid()), Map.of()),
                    Duration.ofSeconds(2), new PrintStream(printed, true, StandardCharsets.UTF_8));
        } finally {
            stop.set(true);
            worker.join();
        }
        String comm = workerComm.get();
        String output = printed.toString(StandardCharsets.UTF_8);
        long seen = result.eventsByComm().getOrDefault(comm, 0L);
        // the worker called throughout the trace; its events are some of its calls, each once
        assertTrue(seen > 0 && seen <= workerCalls.get(), () -> seen + " events from " + comm + " of its "
                + workerCalls + " calls: " + output);
        assertEquals(Map.of((long) Samples.ownPid(), result.callsByPid().get((long) Samples.ownPid())),
                result.callsByPid(), output);
        long inMap = result.callsByPid().get((long) Samples.ownPid());
        long allEvents = result.eventsByComm().values().stream().mapToLong(Long::longValue).sum();
        // the events are counted before the map is read, and the kernel counts a call before its event
        assertTrue(inMap >= allEvents, () -> inMap + " in the map, " + allEvents + " events: " + output);
        assertTrue(output.contains("calls[pid " + Samples.ownPid() + "]"), output);
    }
}
