package dev.polytrace.host.daemon.http;

import dev.polytrace.host.daemon.BufferedEvent;
import dev.polytrace.host.daemon.DaemonException;
import dev.polytrace.host.daemon.DeployedTracer;
import dev.polytrace.host.daemon.EventBuffer;
import dev.polytrace.host.daemon.TracerRegistry;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;

/**
 * {@code GET /v1/tracers/{id}/events}: with {@code ?limit=N} a JSON array (the newest N, or the N
 * after {@code ?after=SEQ}); otherwise a Server-Sent Events stream, resumable from
 * {@code Last-Event-ID} (or {@code ?after=}); ids are unique across restarts (see {@link EventBuffer}),
 * so one from before a restart, or of a record that has left the buffer, gets a {@code gap} event
 * first. Each stream is served by its own request thread and
 * only reads the tracer's buffer, so a client that stops reading holds up nobody but itself; the
 * number of streams is capped so such clients cannot take every thread.
 */
final class EventController {
    private static final int MAX_LIMIT = 100_000;

    private final TracerRegistry registry;
    private final Semaphore streams;
    private final Duration heartbeat;

    EventController(TracerRegistry registry, int maxStreams, Duration heartbeat) {
        this.registry = registry;
        this.streams = new Semaphore(maxStreams);
        this.heartbeat = heartbeat;
    }

    void register(Javalin app) {
        app.get("/v1/tracers/{id}/events", this::events);
    }

    private void events(Context ctx) throws IOException {
        DeployedTracer tracer = registry.get(ctx.pathParam("id"));
        EventBuffer buffer = tracer.buffer();
        String accept = ctx.header("Accept");
        boolean wantsStream = accept != null && accept.contains("text/event-stream");
        if (ctx.queryParam("limit") != null && !wantsStream) {
            int limit = QueryParams.intParam(ctx, "limit", 100, 1, MAX_LIMIT);
            long after = resumeFrom(ctx, buffer);
            List<BufferedEvent> events = after < 0 ? buffer.latest(limit) : buffer.after(after, limit);
            Responses.json(ctx, events.stream().map(BufferedEvent::toMap).toList());
            return;
        }
        long after = resumeFrom(ctx, buffer);
        if (!streams.tryAcquire()) {
            throw new DaemonException(DaemonException.Reason.UNAVAILABLE, "too_many_streams",
                    "too many event streams are open; poll with ?limit=N or try later");
        }
        try {
            stream(ctx, tracer, after);
        } finally {
            streams.release();
        }
    }

    /**
     * The record to resume after: {@code Last-Event-ID}, else {@code ?after=}, else -1 (none). An id
     * this tracer has not given out yet cannot be one a client saw: 400, rather than a stream that
     * waits for it or starts somewhere else.
     */
    private static long resumeFrom(Context ctx, EventBuffer buffer) {
        String lastEventId = ctx.header("Last-Event-ID");
        long id;
        if (lastEventId != null && !lastEventId.isBlank()) {
            try {
                id = Long.parseLong(lastEventId.strip());
            } catch (NumberFormatException e) {
                throw DaemonException.badRequest("bad_request", "Last-Event-ID must be an event's id (0.."
                        + Long.MAX_VALUE + ")");
            }
        } else if (ctx.queryParam("after") != null) {
            id = QueryParams.longParam(ctx, "after", 0, 0, Long.MAX_VALUE);
        } else {
            return -1;
        }
        long last = buffer.lastSeq();
        if (id < 0 || id > last) {
            throw DaemonException.badRequest("bad_request", "event id " + id + " is out of range: this tracer's "
                    + "newest record is " + last);
        }
        return id;
    }

    private void stream(Context ctx, DeployedTracer tracer, long after) throws IOException {
        ctx.res().setStatus(200);
        ctx.res().setContentType("text/event-stream");
        ctx.res().setCharacterEncoding("UTF-8");
        ctx.res().setHeader("Cache-Control", "no-cache");
        ctx.res().setHeader("X-Accel-Buffering", "no");
        OutputStream out = ctx.res().getOutputStream();
        EventBuffer buffer = tracer.buffer();
        long cursor = after >= 0 ? after : buffer.lastSeq(); // a fresh stream starts with what comes next
        buffer.streamOpened(); // counted once its start is fixed: every record appended from now on reaches it
        try {
            new SseWriter(out, tracer, buffer, heartbeat).run(cursor);
        } finally {
            buffer.streamClosed();
        }
    }
}
