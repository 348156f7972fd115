package dev.polytrace.host.system;

import dev.polytrace.bpf.BpfException;
import dev.polytrace.bpf.ThreadNice;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The JIT compilers' threads (HotSpot's C1 and C2, Truffle's) at nice 19 while a run starts. On a
 * machine of few CPUs they otherwise take a CPU from the start's own threads (the command, the
 * language's first context, the handler's first batch) for code that pays off only later; a
 * lowered thread still runs whenever a CPU is free. When the start is done ({@link #startDone}),
 * or {@link #LONGEST} after it began, they get the process's own nice value back. Measured in
 * bench/README.md ("Start-up and memory").
 *
 * <p>Only with CAP_SYS_NICE, which giving a thread its priority back needs.
 */
public final class StartPriority {
    static final Duration LONGEST = Duration.ofSeconds(20);
    private static final Duration RESCAN = Duration.ofMillis(100);
    static final int LOWEST = 19;
    private static final int CAP_SYS_NICE = 23;
    private static final StartPriority RUN = new StartPriority();

    private final AtomicBoolean begun = new AtomicBoolean();
    private final Semaphore wake = new Semaphore(0);
    private volatile boolean done;
    private volatile Thread lowering;

    StartPriority() {
    }

    /**
     * Lowers the compiler threads there are now and those that come, on a thread of its own, until
     * the start is done. Once per process; nothing without CAP_SYS_NICE or when the process already
     * runs at the lowest priority.
     */
    public static void lowerCompilersUntilStarted() {
        RUN.begin();
    }

    /**
     * The start is done: returns once the compiler threads have their priority back. Any number
     * of calls, from any thread.
     */
    public static void startDone() {
        RUN.end();
        try {
            RUN.awaitRestored();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Compiler threads may have just started (Truffle's, with a language engine): lower them now, not at the next scan. */
    public static void compilerThreadsMayHaveStarted() {
        RUN.wake.release();
    }

    /** Whether runs lower their compiler threads while they start here: with CAP_SYS_NICE (for {@code doctor}). */
    public static boolean active() {
        return SystemFacts.hasCapability(CAP_SYS_NICE);
    }

    /** Whether it began lowering (once; see {@link #lowerCompilersUntilStarted}). */
    boolean begin() {
        if (!begun.compareAndSet(false, true)) {
            return false;
        }
        int own = ownNice();
        if (own >= LOWEST || !active()) {
            return false;
        }
        lowering = Thread.ofPlatform().daemon().name("polytrace-start-priority").start(() -> lowerUntilDone(own));
        return true;
    }

    void end() {
        done = true;
        wake.release();
    }

    /** Waits until the compiler threads have their priority back (after {@link #end}). */
    void awaitRestored() throws InterruptedException {
        Thread thread = lowering;
        if (thread != null) {
            thread.join();
        }
    }

    private void lowerUntilDone(int own) {
        Set<Integer> settled = new HashSet<>();
        Set<Integer> seenOnce = new HashSet<>();
        boolean lowered = false;
        long deadline = System.nanoTime() + LONGEST.toNanos();
        try {
            do {
                // Compiler threads come later too: Truffle's with the first engine, HotSpot's as its
                // queues grow. A new thread has its creator's name until it names itself, so one
                // is settled as no compiler at its second scan; each name is read once or twice.
                for (int tid : OwnThreads.ids()) {
                    if (settled.contains(tid)) {
                        continue;
                    }
                    if (OwnThreads.isCompiler(OwnThreads.name(tid))) {
                        if (setNice(tid, LOWEST) && !lowered) {
                            lowered = true;
                            StartupTrace.mark("compiler threads at nice " + LOWEST);
                        }
                        settled.add(tid);
                    } else if (!seenOnce.add(tid)) {
                        settled.add(tid);
                    }
                }
                wake.tryAcquire(RESCAN.toMillis(), TimeUnit.MILLISECONDS);
            } while (!done && System.nanoTime() < deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // All of them, also any that a lowered thread started after the last scan (it inherited the value).
        for (int tid : OwnThreads.ids()) {
            if (OwnThreads.isCompiler(OwnThreads.name(tid))) {
                setNice(tid, own);
            }
        }
        StartupTrace.mark("compiler threads at nice " + own + " again");
    }

    /** Whether it was set; not when the thread ended meanwhile. */
    private static boolean setNice(int tid, int nice) {
        try {
            ThreadNice.set(tid, nice);
            return true;
        } catch (BpfException e) {
            return false;
        }
    }

    /** The process's nice value ({@code /proc/self/stat}, field 19), or {@link #LOWEST} where it cannot be read. */
    public static int ownNice() {
        return OwnThreads.nice(Path.of("/proc/self/stat"));
    }
}
