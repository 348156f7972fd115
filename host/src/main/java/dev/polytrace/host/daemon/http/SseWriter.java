package dev.polytrace.host.daemon.http;

import dev.polytrace.host.daemon.BufferedEvent;
import dev.polytrace.host.daemon.DeployedTracer;
import dev.polytrace.host.daemon.EventBuffer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * Writes one SSE stream: each record as {@code id: SEQ / event: TYPE / data: JSON}, a {@code gap}
 * event when records the client asked for have left the buffer or are from before a restart, a
 * comment after each heartbeat interval without records (15 s by default) so idle connections stay
 * open and dead ones are noticed, and {@code end} when the tracer stops.
 */
final class SseWriter {
    private static final int BATCH = 512;

    private final OutputStream out;
    private final DeployedTracer tracer;
    private final EventBuffer buffer;
    private final Duration heartbeat;

    SseWriter(OutputStream out, DeployedTracer tracer, EventBuffer buffer, Duration heartbeat) {
        this.out = out;
        this.tracer = tracer;
        this.buffer = buffer;
        this.heartbeat = heartbeat;
    }

    /** Streams records numbered above {@code cursor} until the tracer ends or the client goes. */
    void run(long cursor) throws IOException {
        write(": polytrace " + tracer.id() + "\nretry: 2000\n\n");
        try {
            while (true) {
                long first = buffer.firstSeq();
                if (cursor + 1 < first) {
                    write(gap(cursor, first));
                    cursor = first - 1;
                }
                List<BufferedEvent> events = buffer.after(cursor, BATCH);
                if (!events.isEmpty()) {
                    StringBuilder chunk = new StringBuilder();
                    for (BufferedEvent e : events) {
                        chunk.append("id: ").append(e.seq()).append("\nevent: ").append(e.type()).append("\ndata: ")
                                .append(e.json()).append("\n\n");
                    }
                    write(chunk.toString());
                    cursor = events.get(events.size() - 1).seq();
                    continue;
                }
                if (buffer.isClosed()) {
                    write("event: end\ndata: {\"state\":\"" + tracer.state().label() + "\"}\n\n");
                    return;
                }
                if (!buffer.await(cursor, heartbeat)) {
                    write(": keep-alive\n\n");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Records {@code cursor + 1} to {@code first - 1} cannot be sent: they left the buffer
     * ({@code evicted}, and how many is known), or {@code cursor} is from before the tracer was
     * restarted ({@code restart}: what came after it then is gone, and how much is not known).
     */
    private String gap(long cursor, long first) {
        boolean restarted = cursor < buffer.epochBase();
        return "id: " + (first - 1) + "\nevent: gap\ndata: {\"from\":" + (cursor + 1) + ",\"to\":" + (first - 1)
                + ",\"missed\":" + (restarted ? "null" : Long.toString(first - 1 - cursor)) + ",\"reason\":\""
                + (restarted ? "restart" : "evicted") + "\"}\n\n";
    }

    private void write(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
