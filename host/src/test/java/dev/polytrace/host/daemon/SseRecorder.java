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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads one SSE stream on its own thread and records every event; closing it drops the connection.
 * Recording only appends, so a stream of 100,000 events costs no more than reading it.
 */
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

    private final List<Event> events = new ArrayList<>(); // guarded by this
    private final Map<String, Integer> counts = new HashMap<>(); // guarded by this
    private final CompletableFuture<Void> opened = new CompletableFuture<>();
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
            if (status != 200 || first == null) {
                opened.completeExceptionally(new AssertionError("the SSE stream did not open: HTTP " + status
                        + (first == null ? " and no body" : ", " + first)));
                return;
            }
            opened.complete(null);
            record(in);
        } catch (IOException e) {
            opened.completeExceptionally(e); // a no-op once open: then the test closed it
        } catch (InterruptedException e) {
            opened.completeExceptionally(e);
            Thread.currentThread().interrupt();
        } finally {
            ended.countDown();
        }
    }

    private void record(BufferedReader in) throws IOException {
        String id = null;
        String type = "message";
        StringBuilder data = null;
        for (String line; (line = in.readLine()) != null; ) {
            if (line.isEmpty()) {
                if (data != null) {
                    add(new Event(id, type, data.toString()));
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
    }

    private synchronized void add(Event e) {
        events.add(e);
        counts.merge(e.type(), 1, Integer::sum);
    }

    /** Waits until the daemon has answered 200 and sent the stream's first line; fails otherwise. */
    SseRecorder awaitConnected() throws InterruptedException {
        try {
            opened.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("the SSE stream did not open", e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("the SSE stream did not open in 30 s");
        }
        return this;
    }

    int status() {
        return status;
    }

    /** Every event so far, in order. */
    synchronized List<Event> events() {
        return List.copyOf(events);
    }

    /** The newest event, if any came yet. */
    synchronized Optional<Event> last() {
        return events.isEmpty() ? Optional.empty() : Optional.of(events.get(events.size() - 1));
    }

    synchronized List<Event> ofType(String type) {
        return events.stream().filter(e -> e.type().equals(type)).toList();
    }

    /** How many events of {@code type} arrived so far, without copying them. */
    synchronized int count(String type) {
        return counts.getOrDefault(type, 0);
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
