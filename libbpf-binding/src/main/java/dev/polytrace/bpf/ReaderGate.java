package dev.polytrace.bpf;

import dev.polytrace.bpf.internal.NativeResource;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntSupplier;

/**
 * The lifecycle of a reader whose memory is mapped from the kernel: one thread at a time reads
 * (inside {@link #whileEntered}), and {@link #close()} may come from any thread,
 * including a handler running inside a read. Closing wakes a blocked reader first and unmaps
 * only once no read is running, so a reader never touches unmapped memory.
 */
final class ReaderGate {
    private final String what;
    private final ReentrantLock readLock = new ReentrantLock();
    private final NativeResource resource;
    private final Runnable wake;
    private volatile boolean closed;

    /**
     * @param owner   the reader; if it is collected unclosed, {@code release} runs from the Cleaner
     * @param release frees the native resources; must not reference {@code owner}
     * @param wake    ends a blocked wait of the reading thread; called at most once, while open
     */
    ReaderGate(Object owner, String what, Runnable release, Runnable wake) {
        this.what = what;
        this.resource = new NativeResource(owner, release);
        this.wake = wake;
    }

    /**
     * Runs one read and returns what it returns; throws {@link BpfClosedException} once closed.
     * Serialises concurrent readers; a close from inside the read releases when it returns.
     */
    int whileEntered(IntSupplier read) {
        enter();
        try {
            return read.getAsInt();
        } finally {
            exit();
        }
    }

    private void enter() {
        readLock.lock();
        if (closed) {
            readLock.unlock();
            throw new BpfClosedException(what);
        }
    }

    private void exit() {
        try {
            if (closed) {
                release(); // close() was called by a handler on this thread and left this to us
            }
        } finally {
            readLock.unlock();
        }
    }

    /** Throws {@link BpfClosedException} if the reader was closed while the caller waited. */
    void requireOpen() {
        if (closed) {
            throw new BpfClosedException(what);
        }
    }

    boolean isClosed() {
        return closed;
    }

    /**
     * Reads with {@code read} until it hands over something, waiting on {@code epoll} for the
     * producer in between; returns how much was read, 0 once {@code deadline} (nanoTime) passed.
     * Throws {@link BpfClosedException} if the reader was closed during a wait.
     */
    int readUntil(long deadline, Epoll epoll, IntSupplier read) {
        while (true) {
            int n = read.getAsInt();
            if (n > 0) {
                return n;
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return 0;
            }
            epoll.await(ceilMillis(remaining));
            requireOpen();
        }
    }

    /** A wait's timeout in whole milliseconds, rounded up so that it never ends before the deadline. */
    private static int ceilMillis(long nanos) {
        return (int) Math.min(Integer.MAX_VALUE, (nanos + 999_999) / 1_000_000);
    }

    /** The timeout in nanoseconds; negative is 0, and past what a long holds it is near-forever. */
    static long timeoutNanos(Duration timeout) {
        if (timeout.isNegative()) {
            return 0;
        }
        try {
            return timeout.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 2;
        }
    }

    void close() {
        synchronized (this) {
            if (!closed) {
                closed = true;
                wake.run(); // ends a wait or pause in progress; still open: release() cannot run before this block ends
            }
        }
        if (readLock.isHeldByCurrentThread()) {
            return; // inside a handler: the read in progress releases on exit
        }
        readLock.lock(); // a woken reader leaves promptly
        try {
            release();
        } finally {
            readLock.unlock();
        }
    }

    private synchronized void release() {
        resource.close();
    }
}
