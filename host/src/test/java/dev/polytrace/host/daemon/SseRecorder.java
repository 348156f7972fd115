package dev.polytrace.host.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Reads one SSE stream on its own thread and records every event; closing it drops the connection. */
final class SseRecorder implements AutoCloseable {
    record Event(String id, String type, String data) {
        JsonNode json() {
            try {
                return DaemonFixture.JSON.readTree(data);
            } catch (IOException e) {
                throw new AssertionError(data, e);
            }
        }
    }

    final List<Event> events = new CopyOnWriteArrayList<>();
    private final CountDownLatch connected = new CountDownLatch(1);
    private final CountDownLatch ended = new CountDownLatch(1);
    private final Thread thread;
    private volatile InputStream body;
    private volatile int status;

    /** @param lastEventId sent as Last-Event-ID, or null */
    SseRecorder(DaemonFixture daemon, String path, String lastEventId) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(daemon.base + path))
                .header("Authorization", "Bearer " + daemon.token).header("Accept", "text/event-stream");
        if (lastEventId != null) {
            b.header("Last-Event-ID", lastEventId);
        }
        HttpRequest request = b.GET().build();
        thread = new Thread(() -> run(daemon, request), "test-sse-reader");
        thread.setDaemon(true);
        thread.start();
    }

    private void run(DaemonFixture daemon, HttpRequest request) {
        try {
            HttpResponse<InputStream> r = daemon.http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            status = r.statusCode();
            body = r.body();
            BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
            String first = in.readLine(); // the opening comment: the stream is set up
            connected.countDown();
            if (first == null) {
                return;
            }
            String id = null;
            String type = "message";
            StringBuilder data = null;
            for (String line; (line = in.readLine()) != null; ) {
                if (line.isEmpty()) {
                    if (data != null) {
                        events.add(new Event(id, type, data.toString()));
                        if (type.equals("end")) {
                            return;
                        }
                    }
                    id = null;
                    type = "message";
                    data = null;
                } else if (line.startsWith("id: ")) {
                    id = line.substring(4);
                } else if (line.startsWith("event: ")) {
                    type = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data = new StringBuilder(line.substring(6));
                }
            }
        } catch (IOException e) {
            // closed by the test
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            connected.countDown();
            ended.countDown();
        }
    }

    /** Waits until the daemon has answered (status and the stream's first line). */
    SseRecorder awaitConnected() throws InterruptedException {
        if (!connected.await(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the SSE stream did not open");
        }
        return this;
    }

    int status() {
        return status;
    }

    List<Event> ofType(String type) {
        return events.stream().filter(e -> e.type().equals(type)).toList();
    }

    boolean awaitEnd(Duration limit) throws InterruptedException {
        return ended.await(limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        InputStream b = body;
        if (b != null) {
            try {
                b.close();
            } catch (IOException ignored) {
                // already gone
            }
        }
        thread.interrupt();
    }
}
