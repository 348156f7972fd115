package dev.polytrace.host.session;

import dev.polytrace.bpf.BpfMap;
import dev.polytrace.bpf.MapType;
import dev.polytrace.bpf.PerfBufferReader;
import dev.polytrace.bpf.RingBufferReader;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.function.Consumer;

/** One event stream, ring buffer or perf buffer, behind one pull interface. */
abstract class EventStreamReader implements AutoCloseable {
    static EventStreamReader open(BpfMap map) {
        if (map.type() == MapType.RINGBUF) {
            return new Ring(RingBufferReader.open(map));
        }
        if (map.type() == MapType.PERF_EVENT_ARRAY) {
            return new Perf(PerfBufferReader.open(map));
        }
        throw new IllegalArgumentException(map.name() + " is a " + map.type().displayName()
                + " map, not a ring buffer or perf event array");
    }

    /**
     * Waits up to {@code timeout} for records and hands each one to {@code consumer}: its bytes run
     * from the buffer's position to its limit, and the buffer may be reused for the next record.
     */
    abstract int poll(Duration timeout, Consumer<ByteBuffer> consumer);

    /** Records lost so far (perf buffer overflow); ring buffers lose nothing on this side. */
    abstract long lost();

    @Override
    public abstract void close();

    private static final class Ring extends EventStreamReader {
        private final RingBufferReader reader;

        Ring(RingBufferReader reader) {
            this.reader = reader;
        }

        @Override
        int poll(Duration timeout, Consumer<ByteBuffer> consumer) {
            return reader.pollInPlace(timeout, consumer::accept); // the sinks read from position()
        }

        @Override
        long lost() {
            return 0;
        }

        @Override
        public void close() {
            reader.close();
        }
    }

    private static final class Perf extends EventStreamReader {
        private final PerfBufferReader reader;

        Perf(PerfBufferReader reader) {
            this.reader = reader;
        }

        @Override
        int poll(Duration timeout, Consumer<ByteBuffer> consumer) {
            return reader.poll(timeout, (cpu, data) -> consumer.accept(data));
        }

        @Override
        long lost() {
            return reader.lostSamples();
        }

        @Override
        public void close() {
            reader.close();
        }
    }
}
