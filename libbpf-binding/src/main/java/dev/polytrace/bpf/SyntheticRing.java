package dev.polytrace.bpf;

import dev.polytrace.bpf.internal.LibC;
import dev.polytrace.bpf.internal.Native;
import java.nio.ByteBuffer;
import java.util.concurrent.locks.LockSupport;
import jnr.ffi.Pointer;

/**
 * A ring buffer in private memory whose producer is a thread of this class, writing as the
 * kernel does, so that {@link RingBufferReader}'s own reading path can run before a real ring
 * has records ({@link RingBufferReader#synthetic}).
 *
 * <p>Like {@code bpf_ringbuf_reserve}, the producer publishes a record's header with the BUSY
 * bit and moves the producer position past it first, then writes the body and commits (clears
 * BUSY; now and then it discards instead). It writes bursts of varying size with short pauses
 * in between, a quiet spell of a few milliseconds now and then and, less often, a flood that
 * outruns the reader, concurrently with it, so the reader meets what it meets on a real ring:
 * records still being written, records that arrive while it reads, discarded ones, polls that
 * time out (with a short timeout), reads of a whole ring. The
 * JIT then has no branch left to learn at the first real record. Like the kernel, it signals
 * {@link #wakeFd()} when it commits the record the reader has caught up to, so a reader waiting
 * for records is woken as a real one is rather than by its wait's timeout.
 */
final class SyntheticRing implements AutoCloseable {
    private static final int MAX_BURST = 256;
    private static final long MAX_PAUSE_NANOS = 200_000;
    // Now and then a quiet spell, in which a reader polling with a short timeout finds nothing.
    private static final int BURSTS_PER_QUIET = 32;
    private static final long QUIET_NANOS = 3_000_000;
    // And a flood of nearly a ring: reads that reach a whole ring and publish on the way.
    private static final int BURSTS_PER_FLOOD = 1000;

    private final RingBufferMapping mapping;
    private final ByteBuffer producerSide; // the producer page, then the data area
    private final int dataOffset;
    private final int recordSize;
    private final long recordSpan;
    private final int floodRecords;
    private final Thread producer;
    private final int wakeFd;
    private final Pointer one = Native.allocate(8);
    private volatile boolean stopped;

    SyntheticRing(int capacity, int recordSize) {
        this.recordSpan = RingBufferMapping.span(recordSize);
        if (recordSize <= 0 || recordSpan * 4 > capacity) {
            throw new IllegalArgumentException("record size " + recordSize + " for a synthetic ring of " + capacity);
        }
        this.wakeFd = Native.libc().eventfd(0, LibC.EFD_CLOEXEC | LibC.EFD_NONBLOCK);
        if (wakeFd < 0) {
            throw new BpfException("eventfd for a synthetic ring", Native.lastErrno(), null);
        }
        one.putLong(0, 1);
        try {
            this.mapping = RingBufferMapping.anonymous(capacity);
        } catch (RuntimeException e) {
            Native.closeFd(wakeFd);
            throw e;
        }
        this.producerSide = mapping.writableProducerSide();
        this.dataOffset = producerSide.capacity() - 2 * capacity;
        this.recordSize = recordSize;
        this.floodRecords = (int) (capacity / recordSpan) - 1;
        this.producer = new Thread(this::produce, "synthetic ring producer");
        producer.setDaemon(true);
    }

    RingBufferMapping mapping() {
        return mapping;
    }

    /** An eventfd signalled as the kernel wakes a ring's reader; closed with this ring. */
    int wakeFd() {
        return wakeFd;
    }

    void start() {
        producer.start();
    }

    private void produce() {
        long position = 0;
        long seed = 0x9E37_79B9_7F4A_7C15L;
        long bursts = 0;
        while (!stopped) {
            seed = seed * 6_364_136_223_846_793_005L + 1_442_695_040_888_963_407L; // an LCG: varied, repeatable
            if (++bursts % BURSTS_PER_FLOOD == 0) {
                position = flood(position);
            } else {
                int burst = 1 + (int) ((seed >>> 33) % MAX_BURST);
                for (int i = 0; i < burst && !stopped; i++) {
                    reserve(position);
                    commit(position, i == 0 || mapping.consumerPosition() == position);
                    position += recordSpan;
                }
            }
            LockSupport.parkNanos(bursts % BURSTS_PER_QUIET == 0 ? QUIET_NANOS : (seed >>> 40) % MAX_PAUSE_NANOS);
        }
    }

    /**
     * Nearly a ring's worth of records, reserved in order and committed last to first (as records
     * reserved on several CPUs may be), so that the reader, held at the first one, then finds a
     * whole ring to read, and the bursts after it carry its read to one ring's end.
     */
    private long flood(long position) {
        long first = position;
        for (int i = 0; i < floodRecords && !stopped; i++) {
            reserve(position);
            position += recordSpan;
        }
        for (long at = position - recordSpan; at >= first; at -= recordSpan) {
            commit(at, at == first);
        }
        return position;
    }

    /** Waits for room, then writes the record's header with BUSY, moves the producer position past it, writes the body. */
    private void reserve(long position) {
        while (mapping.capacity() - (position - mapping.consumerPosition()) < recordSpan && !stopped) {
            Thread.onSpinWait(); // full: the reader is behind
        }
        int header = headerOffset(position);
        RingBufferMapping.INTS.setRelease(producerSide, header, recordSize | RingBufferMapping.BUSY_BIT);
        RingBufferMapping.LONGS.setRelease(producerSide, 0, position + recordSpan);
        if (recordSize >= Long.BYTES) {
            producerSide.putLong(header + RingBufferMapping.HEADER_SIZE, position);
        }
    }

    /** Clears BUSY (or discards, now and then), waking the reader if asked to. */
    private void commit(long position, boolean wake) {
        boolean discard = (position / recordSpan) % 97 == 0;
        RingBufferMapping.INTS.setRelease(producerSide, headerOffset(position),
                recordSize | (discard ? RingBufferMapping.DISCARD_BIT : 0));
        if (wake) {
            wakeReader();
        }
    }

    /**
     * As {@code bpf_ringbuf_commit} wakes the reader when it commits the record the reader had
     * caught up to. A reader that reads that record's header just before this commit and then
     * waits would not see a second signal from a later record, where a real ring's epoll, level
     * triggered, would report the records waiting; so the first record of every burst signals too.
     */
    private void wakeReader() {
        Native.libc().write(wakeFd, one, 8); // EAGAIN at a saturated counter still leaves it signalled
    }

    /** Where the header of the record at {@code position} is in {@link #producerSide}; a wrapping record runs on. */
    private int headerOffset(long position) {
        return dataOffset + (int) (position & (mapping.capacity() - 1L));
    }

    /** Stops the producer, waits for it and closes {@link #wakeFd()}; the mapping is the reader's to unmap. */
    @Override
    public void close() {
        stopped = true;
        boolean interrupted = false;
        while (producer.isAlive()) {
            try {
                producer.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        Native.closeFd(wakeFd);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
