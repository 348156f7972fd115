package dev.polytrace.host.daemon;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The last N records of one tracer, numbered from 1. Writers (reader and handler threads) never
 * wait for readers: when the buffer is full the oldest record goes, and a reader that asks for it
 * learns from {@link #firstSeq} that it missed some. Readers may wait for records after a given
 * number; {@link #close} wakes them for good. It also counts the SSE streams following it.
 */
public final class EventBuffer {
    private final BufferedEvent[] ring;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition appended = lock.newCondition();
    private final AtomicInteger streams = new AtomicInteger();
    private long nextSeq = 1;
    private boolean closed;

    public EventBuffer(int capacity) {
        this.ring = new BufferedEvent[capacity];
    }

    public long append(String type, String stream, Object data) {
        long now = System.currentTimeMillis();
        lock.lock();
        try {
            long seq = nextSeq++;
            ring[(int) (seq % ring.length)] = new BufferedEvent(seq, now, type, stream, data);
            appended.signalAll();
            return seq;
        } finally {
            lock.unlock();
        }
    }

    /** Number of the oldest record still held (lastSeq + 1 when empty). */
    public long firstSeq() {
        lock.lock();
        try {
            return Math.max(1, nextSeq - ring.length);
        } finally {
            lock.unlock();
        }
    }

    /** Number of the newest record, 0 before the first. */
    public long lastSeq() {
        lock.lock();
        try {
            return nextSeq - 1;
        } finally {
            lock.unlock();
        }
    }

    public int capacity() {
        return ring.length;
    }

    /** Up to {@code limit} records numbered above {@code seq}, oldest first. */
    public List<BufferedEvent> after(long seq, int limit) {
        lock.lock();
        try {
            long from = Math.max(seq + 1, Math.max(1, nextSeq - ring.length));
            long to = Math.min(nextSeq, from + Math.max(0, limit));
            List<BufferedEvent> out = new ArrayList<>((int) Math.max(0, to - from));
            for (long s = from; s < to; s++) {
                out.add(ring[(int) (s % ring.length)]);
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** The newest {@code limit} records, oldest first. */
    public List<BufferedEvent> latest(int limit) {
        lock.lock();
        try {
            return after(Math.max(0, nextSeq - 1 - limit), limit);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until there is a record numbered above {@code seq}, the buffer is closed or the time
     * is up. @return true when there is such a record
     */
    public boolean await(long seq, Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while (nextSeq - 1 <= seq && !closed && nanos > 0) {
                nanos = appended.awaitNanos(nanos);
            }
            return nextSeq - 1 > seq;
        } finally {
            lock.unlock();
        }
    }

    /** No more records will come; waiting readers return. Records stay readable. */
    public void close() {
        lock.lock();
        try {
            closed = true;
            appended.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** An SSE stream now follows this buffer; each call is matched by one {@link #streamClosed}. */
    public void streamOpened() {
        streams.incrementAndGet();
    }

    public void streamClosed() {
        streams.decrementAndGet();
    }

    /** SSE streams following this buffer now. */
    public int streams() {
        return streams.get();
    }

    public boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }
}
