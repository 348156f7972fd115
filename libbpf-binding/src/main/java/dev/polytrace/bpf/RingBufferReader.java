package dev.polytrace.bpf;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;

/**
 * Reads a {@code BPF_MAP_TYPE_RINGBUF} map through its memory mapping: records are read with
 * acquire loads and released with a release store of the consumer position, so no native call
 * is made per record, only one epoll wait when the ring is idle (see {@link WakeupPolicy}).
 *
 * <p>One thread reads at a time; {@link #close()} may be called from any thread, wakes a blocked
 * {@link #poll} (which then throws {@link BpfClosedException}) and unmaps once no read runs. To
 * close the reader with its object, register it: {@code object.attachResource(reader)}.
 */
public final class RingBufferReader implements AutoCloseable {
    private static final int RING_TAG = 0;
    private static final long SYNTHETIC_MAX_PAUSE_NANOS = 20_000;

    /** Receives one record. The buffer is valid only during the call. */
    @FunctionalInterface
    public interface RecordHandler {
        /**
         * @param record a read-only little-endian view: position 0, limit the record's length
         */
        void onRecord(ByteBuffer record);
    }

    private final String name;
    private final RingBufferMapping ring;
    private final Epoll epoll;
    private final WakeupPolicy policy;
    private final ReaderGate gate;
    private final ByteBuffer movingView; // the one buffer pollInPlace hands every record in
    // Read state, touched only by the thread inside the gate.
    private long consumerPosition;
    private int recordsRead;
    private long pauseNanos;
    private long lastReadEnd = System.nanoTime();

    private RingBufferReader(String name, RingBufferMapping ring, Epoll epoll, WakeupPolicy policy,
            Runnable stopProducer) {
        this.name = name;
        this.ring = ring;
        this.epoll = epoll;
        this.policy = policy;
        this.consumerPosition = ring.consumerPosition();
        this.movingView = ring.newInPlaceView();
        this.gate = new ReaderGate(this, "ring buffer reader of " + name, () -> {
            stopProducer.run();
            epoll.close();
            ring.unmap(name);
        }, epoll::wake);
    }

    /** A reader of {@code map} with the {@linkplain WakeupPolicy#defaultPolicy() default} wake-up policy. */
    public static RingBufferReader open(BpfMap map) {
        return open(map, WakeupPolicy.defaultPolicy());
    }

    public static RingBufferReader open(BpfMap map, WakeupPolicy policy) {
        Objects.requireNonNull(policy, "policy");
        if (map.type() != MapType.RINGBUF) {
            throw new BpfException("RingBufferReader.open(" + map.name() + ")", Errno.EINVAL,
                    map.name() + " is a " + map.type().displayName() + " map, not a ringbuf"
                            + (map.type() == MapType.PERF_EVENT_ARRAY ? "; read it with PerfBufferReader" : ""));
        }
        int fd = map.fd();
        RingBufferMapping ring = RingBufferMapping.map(fd, map.maxEntries(), map.name());
        Epoll epoll = null;
        try {
            epoll = Epoll.create("ring buffer " + map.name(), 1);
            epoll.add(fd, RING_TAG);
        } catch (RuntimeException e) {
            if (epoll != null) {
                epoll.close();
            }
            ring.unmap(map.name());
            throw e;
        }
        return new RingBufferReader(map.name(), ring, epoll, policy, () -> { }); // the kernel produces
    }

    /**
     * A reader of a ring of {@code capacity} bytes in private memory that a thread fills with
     * {@code recordSize}-byte records as the kernel fills a real one (bursts, pauses, records
     * still being written, discarded ones, a wake-up when the reader had caught up), until the
     * reader is closed. A consumer runs its own reading loop on it before the first real record,
     * so that the JIT has compiled that loop and the reading path under it: a cold reader spends
     * its first seconds interpreted and compiling. Its pauses between reads are capped at
     * {@value #SYNTHETIC_MAX_PAUSE_NANOS} ns, so it is polled several times as often as a busy
     * real ring is (~1,000 polls a second at the default policy): within a few seconds the JIT
     * compiles the poll and the loop around it, not only the loop per record.
     */
    public static RingBufferReader synthetic(WakeupPolicy policy, int capacity, int recordSize) {
        Objects.requireNonNull(policy, "policy");
        SyntheticRing ring = new SyntheticRing(capacity, recordSize);
        Epoll epoll = null;
        try {
            epoll = Epoll.create("synthetic ring buffer", 1);
            epoll.addEdgeTriggered(ring.wakeFd(), RING_TAG);
        } catch (RuntimeException e) {
            if (epoll != null) {
                epoll.close();
            }
            ring.close();
            ring.mapping().unmap("synthetic ring buffer");
            throw e;
        }
        RingBufferReader reader = new RingBufferReader("synthetic ring buffer", ring.mapping(), epoll,
                policy.withPauseAtMost(SYNTHETIC_MAX_PAUSE_NANOS), ring::close); // the producer stops before the unmap
        ring.start();
        return reader;
    }

    public String mapName() {
        return name;
    }

    public WakeupPolicy wakeupPolicy() {
        return policy;
    }

    /**
     * Waits up to {@code timeout} for records, then hands every available one to {@code handler}.
     * Returns the number of records delivered, 0 when the timeout passed without any. After a
     * poll that found records, the next one first pauses as the wake-up policy says.
     *
     * <p>If the handler throws, its record counts as consumed and the exception propagates; the
     * next poll continues with the following record.
     *
     * @throws BpfClosedException if the reader is or gets closed
     */
    public int poll(Duration timeout, RecordHandler handler) {
        return poll(timeout, handler, false);
    }

    /**
     * As {@link #poll(Duration, RecordHandler)}, but without allocating a view per record: every
     * record is handed as the same buffer, moved over the ring, whose <em>position</em> is the
     * record's first byte and limit its end. For handlers that read relative to
     * {@code position()} and keep nothing of the buffer past the call.
     */
    public int pollInPlace(Duration timeout, RecordHandler handler) {
        return poll(timeout, handler, true);
    }

    private int poll(Duration timeout, RecordHandler handler, boolean inPlace) {
        long timeoutNanos = ReaderGate.timeoutNanos(timeout);
        Objects.requireNonNull(handler, "handler");
        long deadline = System.nanoTime() + timeoutNanos;
        return gate.whileEntered(() -> pollEntered(deadline, timeoutNanos, handler, inPlace));
    }

    /** Hands every record available now to {@code handler} without waiting; returns how many. */
    public int drain(RecordHandler handler) {
        Objects.requireNonNull(handler, "handler");
        return gate.whileEntered(() -> read(handler, false));
    }

    public boolean isClosed() {
        return gate.isClosed();
    }

    /** Stops the reader; a {@link #poll} blocked in another thread throws {@link BpfClosedException}. */
    @Override
    public void close() {
        gate.close();
    }

    private int pollEntered(long deadline, long timeoutNanos, RecordHandler handler, boolean inPlace) {
        if (pauseNanos > 0) {
            epoll.sleep(Math.min(pauseNanos, timeoutNanos)); // ends early when closed
            gate.requireOpen();
        }
        return gate.readUntil(deadline, epoll, () -> read(handler, inPlace));
    }

    /**
     * Consumes what the producer has committed, up to one ring's worth so a poll returns even
     * under a producer that never lets up. The consumer position is published at the end (and in
     * between every eighth of the ring) rather than per record: each store pulls the cache line
     * away from the producer, which reads it on every reserve.
     */
    private int read(RecordHandler handler, boolean inPlace) {
        long start = consumerPosition;
        long limit = start + ring.capacity();
        long publishStep = ring.capacity() >>> 3;
        long published = start;
        recordsRead = 0;
        try {
            long producer = ring.producerPosition();
            while (consumerPosition < limit) {
                if (consumerPosition >= producer) {
                    producer = ring.producerPosition();
                    if (consumerPosition >= producer) {
                        break;
                    }
                }
                if (!consumeNext(handler, inPlace)) {
                    break;
                }
                if (consumerPosition - published >= publishStep) {
                    published = consumerPosition;
                    ring.publishConsumerPosition(published);
                }
            }
        } finally {
            ring.publishConsumerPosition(consumerPosition);
            adapt(consumerPosition - start, consumerPosition >= limit);
        }
        return recordsRead;
    }

    /**
     * Hands the record at the consumer position to {@code handler} (unless discarded) and moves
     * past it first, so a throwing handler still consumes it; false while it is being written.
     * A method of its own so the JIT compiles it after a few hundred records, long before the
     * loop around it would be: a cold reader must not overrun the ring while warming up.
     */
    private boolean consumeNext(RecordHandler handler, boolean inPlace) {
        long position = consumerPosition;
        int header = ring.headerAt(position);
        if ((header & RingBufferMapping.BUSY_BIT) != 0) {
            return false;
        }
        int length = header & RingBufferMapping.LENGTH_MASK;
        consumerPosition = position + RingBufferMapping.span(length);
        if ((header & RingBufferMapping.DISCARD_BIT) == 0) {
            recordsRead++;
            handler.onRecord(inPlace ? ring.place(movingView, position, length) : ring.record(position, length));
        }
        return true;
    }

    private void adapt(long bytesRead, boolean readFullRing) {
        long now = System.nanoTime();
        pauseNanos = readFullRing ? 0 : policy.pauseNanos(bytesRead, now - lastReadEnd, ring.capacity());
        lastReadEnd = now;
    }

    @Override
    public String toString() {
        return "RingBufferReader[" + name + ", " + ring.capacity() + " B, " + policy
                + (isClosed() ? ", closed" : "") + "]";
    }
}
