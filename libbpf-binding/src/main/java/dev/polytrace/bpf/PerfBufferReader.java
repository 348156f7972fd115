package dev.polytrace.bpf;

import dev.polytrace.bpf.internal.LibC;
import dev.polytrace.bpf.internal.Native;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads a {@code BPF_MAP_TYPE_PERF_EVENT_ARRAY} map: opens one BPF-output perf event per online
 * CPU, maps its ring, stores the event in the map at key = CPU (where
 * {@code bpf_perf_event_output(..., BPF_F_CURRENT_CPU, ...)} writes) and waits on all of them.
 * Samples the kernel could not store are reported as lost.
 *
 * <p>One thread reads at a time; {@link #close()} may be called from any thread and wakes a
 * blocked {@link #poll}. Closing disables the events, removes them from the map, unmaps and
 * closes them.
 */
public final class PerfBufferReader implements AutoCloseable {
    /** Data pages per CPU when none are given: 256 KiB with 4 KiB pages. */
    public static final int DEFAULT_PAGES_PER_CPU = 64;
    private static final int MAX_RECORD_SIZE = 0xffff; // perf_event_header.size is a u16

    /** Receives one sample's raw data, valid only during the call. */
    @FunctionalInterface
    public interface SampleHandler {
        /**
         * @param data a read-only little-endian view, position 0; its length is what the program
         *             wrote, padded by the kernel so that length + 4 is a multiple of 8
         */
        void onSample(int cpu, ByteBuffer data);
    }

    /** Told how many samples of a CPU the kernel dropped because its ring was full. */
    @FunctionalInterface
    public interface LostHandler {
        void onLost(int cpu, long count);
    }

    private final String name;
    private final List<PerfRing> rings;
    private final Epoll epoll;
    private final ReaderGate gate;
    private final AtomicLong lost = new AtomicLong();
    private final ByteBuffer scratch = ByteBuffer.allocateDirect(MAX_RECORD_SIZE);
    private final Sink sink = new Sink();

    private PerfBufferReader(BpfMap map, List<PerfRing> rings, Epoll epoll) {
        this.name = map.name();
        this.rings = rings;
        this.epoll = epoll;
        this.gate = new ReaderGate(this, "perf buffer reader of " + name, () -> {
            RuntimeException failure = release(map, rings, epoll);
            if (failure != null) {
                throw failure;
            }
        }, epoll::wake);
    }

    public static PerfBufferReader open(BpfMap map) {
        return open(map, DEFAULT_PAGES_PER_CPU);
    }

    /** @param pagesPerCpu data pages of each CPU's ring, a power of two */
    public static PerfBufferReader open(BpfMap map, int pagesPerCpu) {
        if (map.type() != MapType.PERF_EVENT_ARRAY) {
            throw new BpfException("PerfBufferReader.open(" + map.name() + ")", Errno.EINVAL,
                    map.name() + " is a " + map.type().displayName() + " map, not a perf_event_array"
                            + (map.type() == MapType.RINGBUF ? "; read it with RingBufferReader" : ""));
        }
        if (pagesPerCpu <= 0 || Integer.bitCount(pagesPerCpu) != 1) {
            throw new IllegalArgumentException("pagesPerCpu must be a power of two, got " + pagesPerCpu);
        }
        int pageSize = (int) Native.libc().sysconf(LibC.SC_PAGESIZE);
        List<PerfRing> rings = new ArrayList<>();
        Epoll epoll = null;
        try {
            List<Integer> cpus = Cpus.online().stream().filter(cpu -> cpu < map.maxEntries()).toList();
            epoll = Epoll.create("perf buffer " + map.name(), cpus.size());
            for (int cpu : cpus) {
                PerfRing ring = PerfRing.open(cpu, pagesPerCpu, pageSize, map.name());
                rings.add(ring);
                epoll.add(ring.fd(), rings.size() - 1);
                map.update(u32(cpu), u32(ring.fd()));
                ring.enable(map.name());
            }
        } catch (RuntimeException e) {
            RuntimeException cleanup = release(map, rings, epoll);
            if (cleanup != null) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        return new PerfBufferReader(map, List.copyOf(rings), epoll);
    }

    public String mapName() {
        return name;
    }

    /** The CPUs read, one ring each. */
    public List<Integer> cpus() {
        return rings.stream().map(PerfRing::cpu).toList();
    }

    /** Samples the kernel reported lost so far, over all CPUs. */
    public long lostSamples() {
        return lost.get();
    }

    /** {@link #poll(Duration, SampleHandler, LostHandler)} counting lost samples only in {@link #lostSamples()}. */
    public int poll(Duration timeout, SampleHandler handler) {
        return poll(timeout, handler, null);
    }

    /**
     * Waits up to {@code timeout} for samples, then hands every available one to {@code samples}
     * (and lost counts to {@code lostHandler}, if any). Returns the number of samples, 0 on
     * timeout. If a handler throws, its record counts as consumed and the exception propagates.
     *
     * @throws BpfClosedException if the reader is or gets closed
     */
    public int poll(Duration timeout, SampleHandler samples, LostHandler lostHandler) {
        Objects.requireNonNull(samples, "samples");
        long deadline = System.nanoTime() + ReaderGate.timeoutNanos(timeout);
        return gate.whileEntered(() -> gate.readUntil(deadline, epoll, () -> readAll(samples, lostHandler)));
    }

    public boolean isClosed() {
        return gate.isClosed();
    }

    @Override
    public void close() {
        gate.close();
    }

    private int readAll(SampleHandler samples, LostHandler lostHandler) {
        sink.samples = samples;
        sink.lostHandler = lostHandler;
        try {
            int n = 0;
            for (PerfRing ring : rings) {
                n += ring.read(sink, scratch);
            }
            return n;
        } finally {
            sink.samples = null;
            sink.lostHandler = null;
        }
    }

    /** Forwards a ring's records to the current poll's handlers and counts lost samples. */
    private final class Sink implements PerfRing.RecordSink {
        SampleHandler samples;
        LostHandler lostHandler;

        @Override
        public void sample(int cpu, ByteBuffer data) {
            samples.onSample(cpu, data);
        }

        @Override
        public void lost(int cpu, long count) {
            lost.addAndGet(count);
            if (lostHandler != null) {
                lostHandler.onLost(cpu, count);
            }
        }
    }

    /** Undoes {@link #open}: every step is attempted; the first failure is returned. */
    private static RuntimeException release(BpfMap map, List<PerfRing> rings, Epoll epoll) {
        RuntimeException failure = null;
        for (PerfRing ring : rings) {
            if (!map.isClosed()) {
                try {
                    map.delete(u32(ring.cpu()));
                } catch (RuntimeException e) {
                    failure = failure == null ? e : failure;
                }
            }
            RuntimeException closeFailure = ring.close(map.name());
            failure = failure == null ? closeFailure : failure;
        }
        if (epoll != null) {
            epoll.close();
        }
        return failure;
    }

    private static byte[] u32(int v) {
        return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
    }

    @Override
    public String toString() {
        return "PerfBufferReader[" + name + ", " + rings.size() + " CPUs" + (isClosed() ? ", closed" : "") + "]";
    }
}
