package dev.polytrace.bpf;

import java.nio.ByteBuffer;
import java.util.concurrent.locks.LockSupport;

/**
 * A ring buffer in private memory whose producer is a thread of this class, writing as the
 * kernel does, so that {@link RingBufferReader}'s own reading path can run before a real ring
 * has records ({@link RingBufferReader#warmUp}).
 *
 * <p>Like {@code bpf_ringbuf_reserve}, the producer publishes a record's header with the BUSY
 * bit and moves the producer position past it first, then writes the body and commits (clears
 * BUSY; now and then it discards instead). It writes bursts of varying size with short pauses
 * in between, concurrently with the reader, so the reader meets what it meets on a real ring:
 * records still being written, records that arrive while it reads, discarded ones, quiet. The
 * JIT then has no branch left to learn at the first real record.
 */
final class SyntheticRing implements AutoCloseable {
    private static final int MAX_BURST = 2048;
    private static final long MAX_PAUSE_NANOS = 200_000;

    private final RingBufferMapping mapping;
    private final ByteBuffer producerSide; // the producer page, then the data area
    private final int dataOffset;
    private final int recordSize;
    private final long recordSpan;
    private final Thread producer;
    private volatile boolean stopped;

    SyntheticRing(int capacity, int recordSize) {
        this.recordSpan = RingBufferMapping.span(recordSize);
        if (recordSize <= 0 || recordSpan * 4 > capacity) {
            throw new IllegalArgumentException("record size " + recordSize + " for a synthetic ring of " + capacity);
        }
        this.mapping = RingBufferMapping.anonymous(capacity);
        this.producerSide = mapping.writableProducerSide();
        this.dataOffset = producerSide.capacity() - 2 * capacity;
        this.recordSize = recordSize;
        this.producer = new Thread(this::produce, "synthetic ring producer");
        producer.setDaemon(true);
    }

    RingBufferMapping mapping() {
        return mapping;
    }

    void start() {
        producer.start();
    }

    private void produce() {
        long position = 0;
        long seed = 0x9E37_79B9_7F4A_7C15L;
        while (!stopped) {
            seed = seed * 6_364_136_223_846_793_005L + 1_442_695_040_888_963_407L; // an LCG: varied, repeatable
            int burst = 1 + (int) ((seed >>> 33) % MAX_BURST);
            for (int i = 0; i < burst && !stopped; i++) {
                if (mapping.capacity() - (position - mapping.consumerPosition()) < recordSpan) {
                    Thread.onSpinWait(); // full: the reader is behind
                    continue;
                }
                int header = headerOffset(position);
                RingBufferMapping.INTS.setRelease(producerSide, header, recordSize | RingBufferMapping.BUSY_BIT);
                RingBufferMapping.LONGS.setRelease(producerSide, 0, position + recordSpan);
                if (recordSize >= Long.BYTES) {
                    producerSide.putLong(header + RingBufferMapping.HEADER_SIZE, position);
                }
                boolean discard = (position / recordSpan) % 97 == 0;
                RingBufferMapping.INTS.setRelease(producerSide, header, recordSize | (discard ? RingBufferMapping.DISCARD_BIT : 0));
                position += recordSpan;
            }
            LockSupport.parkNanos((seed >>> 40) % MAX_PAUSE_NANOS);
        }
    }

    /** Where the header of the record at {@code position} is in {@link #producerSide}; a wrapping record runs on. */
    private int headerOffset(long position) {
        return dataOffset + (int) (position & (mapping.capacity() - 1L));
    }

    /** Stops the producer and waits for it; the mapping is the reader's to unmap. */
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
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
