package dev.polytrace.host.script;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Bounded queue between the reader threads (many producers) and the handler thread (the one
 * consumer), without locks: a producer never waits, not even for a lock the consumer holds while
 * it drains: with a locking queue, an overloaded producer slows the handler itself through lock
 * contention. Each slot carries a
 * sequence number telling whose turn it is (D. Vyukov's bounded queue); slots are two plain arrays,
 * allocated once, so a large queue costs 12 bytes a slot and no object per slot.
 */
final class EventQueue {
    private static final long MAX_PARK_NANOS = 100_000_000L;
    private static final long GATHER_NANOS = 100_000L;
    private static final int GATHER_BELOW = 8; // a batch under an eighth of the maximum is gathered
    private static final VarHandle SEQUENCE = MethodHandles.arrayElementVarHandle(long[].class);

    private final long[] sequences; // read and written through SEQUENCE (volatile)
    private final QueuedEvent[] events; // published by the volatile write of the slot's sequence
    private final int mask;
    private final AtomicLong tail = new AtomicLong();
    private long head; // consumer only
    private volatile Thread parkedConsumer;

    EventQueue(int capacity) {
        int size = Integer.highestOneBit(Math.max(2, capacity - 1)) << 1;
        sequences = new long[size];
        events = new QueuedEvent[size];
        // Plain writes: the array is reached through a final field, so every thread that sees this
        // queue sees them (a volatile write per slot, run cold, took ~20 ms of a handler's load).
        for (int i = 0; i < size; i++) {
            sequences[i] = i;
        }
        mask = size - 1;
    }

    private long sequence(long pos) {
        return (long) SEQUENCE.getVolatile(sequences, (int) pos & mask);
    }

    /** Any thread: false when full. */
    boolean offer(QueuedEvent event) {
        long pos = tail.get();
        while (true) {
            long turn = sequence(pos) - pos;
            if (turn == 0) {
                if (tail.compareAndSet(pos, pos + 1)) {
                    break;
                }
                pos = tail.get();
            } else if (turn < 0) {
                return false; // the consumer has not freed this slot: full
            } else {
                pos = tail.get(); // another producer took it
            }
        }
        int slot = (int) pos & mask;
        events[slot] = event;
        SEQUENCE.setVolatile(sequences, slot, pos + 1);
        wake();
        return true;
    }

    /** Any thread: whether an offer now would fail (a hint: the consumer may free a slot meanwhile). */
    boolean isFull() {
        long pos = tail.get();
        return sequence(pos) - pos < 0;
    }

    /** Unparks the consumer if it waits (for events, or because a task was submitted). */
    void wake() {
        Thread waiting = parkedConsumer;
        if (waiting != null) {
            parkedConsumer = null;
            LockSupport.unpark(waiting);
        }
    }

    /** Consumer only: the next event, or null when empty. */
    QueuedEvent poll() {
        if (sequence(head) != head + 1) {
            return null;
        }
        int slot = (int) head & mask;
        QueuedEvent event = events[slot];
        events[slot] = null;
        SEQUENCE.setVolatile(sequences, slot, head + mask + 1);
        head++;
        return event;
    }

    /** Consumer only: moves up to {@code max} events into {@code into}; returns how many. */
    int drainTo(List<QueuedEvent> into, int max) {
        int n = 0;
        for (QueuedEvent e; n < max && (e = poll()) != null; n++) {
            into.add(e);
        }
        return n;
    }

    /** Consumer only: waits up to {@code nanos} for an event or {@link #wake}, then drains like {@link #drainTo}. */
    int awaitAndDrainTo(List<QueuedEvent> into, int max, long nanos) {
        int n = drainTo(into, max);
        if (n == 0 && nanos > 0) {
            parkedConsumer = Thread.currentThread();
            n = drainTo(into, max); // an offer may have come before we were seen waiting
            if (n == 0) {
                LockSupport.parkNanos(this, Math.min(nanos, MAX_PARK_NANOS));
            }
            parkedConsumer = null;
            n = n > 0 ? n : drainTo(into, max);
        }
        return n > 0 && n < max / GATHER_BELOW ? n + gather(into, max - n) : n;
    }

    /**
     * A few events only: waits a moment for more, unannounced (offers do not wake us), then takes
     * them too. Events that trickle in at a high rate then come in batches, and a batch costs the
     * handler one guest call and the readers no wake-up each, at the price of a fraction of a
     * millisecond of latency.
     */
    private int gather(List<QueuedEvent> into, int max) {
        LockSupport.parkNanos(this, GATHER_NANOS);
        return drainTo(into, max);
    }

    boolean isEmpty() {
        return sequence(head) != head + 1;
    }
}
