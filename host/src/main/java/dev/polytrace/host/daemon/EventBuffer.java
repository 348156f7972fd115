package dev.polytrace.host.daemon;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The last N records of one tracer, and at most so many bytes of them (as JSON, {@link RecordSize};
 * the newest record is always kept). Records are numbered from 1 within an epoch (each restart of
 * the tracer is one: {@link Deployment#epoch}) and an epoch's numbers start at
 * {@code epoch << EPOCH_SHIFT}, so an SSE client resuming after a restart asks for a number this
 * buffer knows to be from before it, and is told it missed records, rather than getting others of
 * the same number. An epoch has room for 2^44 records, weeks of millions a second.
 * <p>
 * Writers (reader and handler threads) never wait for readers: when the buffer is full the oldest
 * record goes, and a reader that asks for it learns from {@link #firstSeq} that it missed some.
 * The ring grows as records come, up to the capacity, so an idle tracer holds little. Readers may
 * wait for records after a given number; {@link #close} wakes them for good. It also counts the
 * SSE streams following it.
 */
public final class EventBuffer {
    public static final int EPOCH_SHIFT = 44;
    /** The last epoch whose numbers fit in a long. */
    public static final long MAX_EPOCH = (1L << (Long.SIZE - 1 - EPOCH_SHIFT)) - 1;
    /** Bytes of records per tracer at least: a handler emitting large records cannot make the daemon hold more. */
    public static final long DEFAULT_MAX_BYTES = 16L << 20;
    /**
     * Room per record of the record cap, when that is larger: a buffer sized for many records
     * (--event-buffer) holds them at their usual size, and only large ones are cut short.
     */
    static final long RECORD_ROOM = 256;
    private static final int INITIAL_SLOTS = 64;

    private final int capacity;
    private final long epochBase;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition appended = lock.newCondition();
    private final AtomicInteger streams = new AtomicInteger();
    private BufferedEvent[] ring;
    private long[] sizes; // of the record in the same slot of the ring
    private long nextSeq;
    private long oldest; // number of the oldest record held
    private long bytes;  // held now
    private long maxBytes;
    private boolean closed;

    /** At most {@code capacity} records, and {@link #DEFAULT_MAX_BYTES} or 256 bytes a record, whichever is more. */
    public EventBuffer(int capacity) {
        this(capacity, 0);
    }

    public EventBuffer(int capacity, long epoch) {
        this(capacity, epoch, Math.max(DEFAULT_MAX_BYTES, capacity * RECORD_ROOM));
    }

    public EventBuffer(int capacity, long epoch, long maxBytes) {
        if (capacity < 1) {
            throw new IllegalArgumentException("an event buffer holds at least one record");
        }
        if (epoch < 0 || epoch > MAX_EPOCH) {
            throw new IllegalArgumentException("epoch " + epoch + " is out of range (0-" + MAX_EPOCH + ")");
        }
        this.capacity = capacity;
        this.epochBase = epoch << EPOCH_SHIFT;
        this.ring = new BufferedEvent[Math.min(capacity, INITIAL_SLOTS)];
        this.sizes = new long[ring.length];
        this.nextSeq = epochBase + 1;
        this.oldest = epochBase + 1;
        this.maxBytes = maxBytes;
    }

    public long append(String type, String stream, Object data) {
        long now = System.currentTimeMillis();
        long size = RecordSize.of(data);
        lock.lock();
        try {
            long seq = nextSeq++;
            if (seq - oldest >= ring.length) {
                if (ring.length < capacity) {
                    grow();
                } else {
                    drop(oldest); // the ring is full
                }
            }
            int slot = slot(seq);
            ring[slot] = new BufferedEvent(seq, now, type, stream, data);
            sizes[slot] = size;
            bytes += size;
            dropOverBytes();
            appended.signalAll();
            return seq;
        } finally {
            lock.unlock();
        }
    }

    /** Doubles the ring (up to the capacity), keeping the records held in their new slots. */
    private void grow() {
        BufferedEvent[] oldRing = ring;
        long[] oldSizes = sizes;
        ring = new BufferedEvent[(int) Math.min(capacity, 2L * oldRing.length)];
        sizes = new long[ring.length];
        for (long s = oldest; s < nextSeq - 1; s++) {
            int from = (int) Math.floorMod(s, (long) oldRing.length);
            ring[slot(s)] = oldRing[from];
            sizes[slot(s)] = oldSizes[from];
        }
    }

    private int slot(long seq) {
        return (int) Math.floorMod(seq, (long) ring.length);
    }

    /**
     * Lowers the byte cap to {@code max} and drops the oldest records down to it (the newest
     * stays): a failed tracer keeps what its last errors need and frees the rest.
     */
    public void limitBytes(long max) {
        lock.lock();
        try {
            maxBytes = Math.min(maxBytes, max);
            dropOverBytes();
        } finally {
            lock.unlock();
        }
    }

    /** The byte cap now. */
    public long maxBytes() {
        return locked(() -> maxBytes);
    }

    /** Bytes of the records held now, as {@link RecordSize} counts them. */
    public long bytes() {
        return locked(() -> bytes);
    }

    private void dropOverBytes() {
        while (bytes > maxBytes && oldest < nextSeq - 1) {
            drop(oldest);
        }
    }

    private void drop(long seq) {
        int slot = slot(seq);
        bytes -= sizes[slot];
        ring[slot] = null;
        sizes[slot] = 0;
        oldest = seq + 1;
    }

    /** The number before this epoch's first record: ids at or below it are from earlier epochs. */
    public long epochBase() {
        return epochBase;
    }

    /** Number of the oldest record still held (lastSeq + 1 when empty). */
    public long firstSeq() {
        return locked(() -> oldest);
    }

    /** Number of the newest record; {@link #epochBase} before the first. */
    public long lastSeq() {
        return locked(() -> nextSeq - 1);
    }

    public int capacity() {
        return capacity;
    }

    /** Slots allocated now: grows with the records held, up to {@link #capacity}. */
    int allocated() {
        return locked(() -> ring.length);
    }

    /** Up to {@code limit} records numbered above {@code seq}, oldest first. */
    public List<BufferedEvent> after(long seq, int limit) {
        lock.lock();
        try {
            if (seq >= nextSeq - 1 || limit <= 0) {
                return List.of();
            }
            long from = Math.max(seq + 1, oldest);
            long to = Math.min(nextSeq, from + limit);
            List<BufferedEvent> out = new ArrayList<>((int) Math.max(0, to - from));
            for (long s = from; s < to; s++) {
                out.add(ring[slot(s)]);
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** The newest {@code limit} records, oldest first. */
    public List<BufferedEvent> latest(int limit) {
        return locked(() -> after(Math.max(epochBase, nextSeq - 1 - Math.max(0, limit)), limit));
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
        return locked(() -> closed);
    }

    /** What {@code read} reads, under the lock. */
    private <T> T locked(Supplier<T> read) {
        lock.lock();
        try {
            return read.get();
        } finally {
            lock.unlock();
        }
    }
}
