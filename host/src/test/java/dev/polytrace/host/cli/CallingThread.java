package dev.polytrace.host.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polytrace.bpf.testing.Triggers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

/**
 * A thread of its own, named {@code maps-calls}, that when told makes exactly {@link #GETPPIDS}
 * getppid() and then {@link #GETPIDS} getpid() calls through libc, and nothing else: test
 * programs count only its calls ({@code target_tid}).
 */
final class CallingThread {
    static final int GETPPIDS = 10;
    static final int GETPIDS = 3;

    private final CountDownLatch go = new CountDownLatch(1);
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    volatile int tid;
    volatile String comm;

    private CallingThread() {
    }

    static CallingThread start() {
        CallingThread calls = new CallingThread();
        CountDownLatch known = new CountDownLatch(1);
        Thread thread = new Thread(() -> {
            try {
                calls.tid = Integer.parseInt(Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName()
                        .toString());
                calls.comm = Files.readString(Path.of("/proc/thread-self/comm")).strip();
                known.countDown();
                calls.go.await();
                Triggers.getppid(GETPPIDS);
                for (int i = 0; i < GETPIDS; i++) {
                    Triggers.libc().getpid();
                }
                calls.done.complete(null);
            } catch (Throwable t) {
                known.countDown();
                calls.done.completeExceptionally(t);
            }
        }, "maps-calls");
        thread.setDaemon(true);
        thread.start();
        try {
            known.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        assertTrue(calls.tid > 0, "the calling thread's id is known");
        return calls;
    }

    /** Makes the calls and returns when they are made. */
    void makeThemAll() {
        go.countDown();
        done.join();
    }
}
