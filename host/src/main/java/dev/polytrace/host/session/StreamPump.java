package dev.polytrace.host.session;

import dev.polytrace.bpf.BpfClosedException;
import dev.polytrace.host.container.ContainerInfo;
import dev.polytrace.host.container.ContainerMemo;
import dev.polytrace.host.container.ContainerResolver;
import dev.polytrace.host.container.ProcessFields;
import dev.polytrace.host.filter.HostFilter;
import dev.polytrace.script.codec.CodecException;
import dev.polytrace.script.codec.RecordLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;

/**
 * A thread that reads one event stream and hands each record, with its type's layout and the
 * container of its process (resolved now, while the process is likely still there), to the sink
 * (which decodes what it needs); the sink is flushed after each read that found records. Records
 * the host's filter refuses are counted and go no further.
 */
final class StreamPump {
    private static final Duration POLL = Duration.ofMillis(100);

    private final String stream;
    private final EventStreamReader reader;
    private final RecordLayout layout;
    private final EventSink sink;
    private final SessionStats stats;
    private final ProcessFields process;
    private final ContainerMemo containers; // null: the records have no process
    private final HostFilter filter; // null: the kernel filters, or nothing is filtered
    private final Thread thread;
    private volatile boolean running = true;
    private long reportedLost;

    StreamPump(String stream, EventStreamReader reader, RecordLayout layout, EventSink sink, SessionStats stats,
               ContainerResolver containers, HostFilter filter) {
        this.stream = stream;
        this.reader = reader;
        this.layout = layout;
        this.sink = sink;
        this.stats = stats;
        this.process = ProcessFields.of(layout);
        this.containers = process.hasProcess() && containers != null ? new ContainerMemo(containers) : null;
        this.filter = filter;
        this.thread = new Thread(this::run, "polytrace-events-" + stream);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void run() {
        try {
            while (running) {
                if (reader.poll(POLL, this::deliver) > 0) {
                    sink.flush();
                }
                reportLost();
            }
        } catch (BpfClosedException e) {
            // closed by stop(): the normal way out
        }
    }

    private void deliver(ByteBuffer record) {
        ByteBuffer le = record.order() == ByteOrder.LITTLE_ENDIAN ? record : record.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        try {
            layout.check(le);
            if (filter != null && !filter.test(le)) {
                stats.filtered.increment();
                return;
            }
            ContainerInfo container = containers == null ? null : containers.of(process, le);
            sink.onRecord(stream, layout, le, container);
        } catch (CodecException e) {
            stats.decodeErrors.increment();
            return;
        }
        stats.events.increment();
    }

    private void reportLost() {
        long lost = reader.lost();
        if (lost > reportedLost) {
            long delta = lost - reportedLost;
            reportedLost = lost;
            stats.lost.add(delta);
            sink.onLost(stream, delta);
        }
    }

    /** Stops the thread, then drains what is left so no record produced before stop is lost. */
    void stop() {
        running = false;
        joinPump();
        try {
            while (reader.poll(Duration.ZERO, this::deliver) > 0) {
                sink.flush();
            }
        } catch (RuntimeException ignored) {
            // the reader may already be closed
        }
        reportLost();
        reader.close();
    }

    /**
     * Waits for the pump to end without a time limit: its polls are bounded, and draining or
     * closing the reader while it may still poll would make two threads read one stream.
     */
    private void joinPump() {
        if (Thread.currentThread() == thread) {
            return; // called from a sink on the pump itself: it would wait for itself
        }
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true; // keep waiting; the interrupt is restored below
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
