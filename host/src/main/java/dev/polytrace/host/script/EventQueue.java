package dev.polytrace.host.script;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Bounded queue between the reader threads (many producers) and the handler thread (the one
 * consumer), without locks: a producer never waits, not even for a lock the consumer holds while
 * it drains. Measured with an overloaded producer, a locking {@code ArrayBlockingQueue} cut the
 * handler's own rate by an order of magnitude through lock contention. The slots are allocated
 * once; each carries a sequence number telling whose turn it is (D. Vyukov's bounded queue).
 */
final class EventQueue {
    private static final long MAX_PARK_NANOS = 100_000_000L;

    private static final class Slot {
        volatile long sequence;
        QueuedEvent event; // published by the volatile write of sequence
    }

    private final Slot[] slots;
    private final int mask;
    private final AtomicLong tail = new AtomicLong();
    private long head; // consumer only
    private volatile Thread parkedConsumer;

    EventQueue(int capacity) {
        int size = Integer.highestOneBit(Math.max(2, capacity - 1)) << 1;
        slots = new Slot[size];
        for (int i = 0; i < size; i++) {
            slots[i] = new Slot();
            slots[i].sequence = i;
        }
        mask = size - 1;
    }

    /** Any thread: false when full. */
    boolean offer(QueuedEvent event) {
        long pos = tail.get();
        Slot slot;
        while (true) {
            slot = slots[(int) pos & mask];
            long turn = slot.sequence - pos;
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
        slot.event = event;
        slot.sequence = pos + 1;
        wake();
        return true;
    }

    /** Any thread: whether an offer now would fail (a hint: the consumer may free a slot meanwhile). */
    boolean isFull() {
        long pos = tail.get();
        return slots[(int) pos & mask].sequence - pos < 0;
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
        Slot slot = slots[(int) head & mask];
        if (slot.sequence != head + 1) {
            return null;
        }
        QueuedEvent event = slot.event;
        slot.event = null;
        slot.sequence = head + mask + 1;
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
        if (n > 0 || nanos <= 0) {
            return n;
        }
        parkedConsumer = Thread.currentThread();
        n = drainTo(into, max); // an offer may have come before we were seen waiting
        if (n == 0) {
            LockSupport.parkNanos(this, Math.min(nanos, MAX_PARK_NANOS));
        }
        parkedConsumer = null;
        return n > 0 ? n : drainTo(into, max);
    }

    boolean isEmpty() {
        return slots[(int) head & mask].sequence != head + 1;
    }
}
