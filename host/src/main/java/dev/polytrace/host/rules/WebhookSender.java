package dev.polytrace.host.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Posts each alert as JSON ({@link Alert#toJson}) to one URL, from a thread of its own so the
 * reader never waits on the network. Alerts queue up to a bound; past it they are dropped and
 * counted. A failed post (no answer, or a 5xx or 429 status) is retried with doubling pauses; one
 * that still fails, or gets another status of 300 or more, is counted as failed.
 */
public final class WebhookSender implements AlertSink, AutoCloseable {
    public static final int DEFAULT_QUEUE = 1_000;
    static final int ATTEMPTS = 5;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Object STOP = new Object();

    private final URI url;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final BlockingQueue<Object> queue;
    private final Duration firstPause;
    private final Thread worker;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean closed;

    public WebhookSender(URI url) {
        this(url, DEFAULT_QUEUE, Duration.ofMillis(500));
    }

    WebhookSender(URI url, int queueSize, Duration firstPause) {
        String scheme = url.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IllegalArgumentException("webhook " + url + ": give an http:// or https:// URL");
        }
        this.url = url;
        this.queue = new ArrayBlockingQueue<>(queueSize + 1); // +1: room for STOP
        this.firstPause = firstPause;
        this.worker = Thread.ofPlatform().daemon().name("polytrace-webhook").start(this::run);
    }

    /** Never blocks: a full queue drops the alert. */
    @Override
    public void onAlert(Alert alert) {
        if (closed || queue.remainingCapacity() <= 1 || !queue.offer(alert)) {
            dropped.incrementAndGet();
        }
    }

    private void run() {
        try {
            while (true) {
                Object next = queue.take();
                if (next == STOP) {
                    return;
                }
                post((Alert) next);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void post(Alert alert) throws InterruptedException {
        String body;
        try {
            body = JSON.writeValueAsString(alert.toJson());
        } catch (JsonProcessingException e) {
            failed.incrementAndGet();
            return;
        }
        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        long pause = firstPause.toMillis();
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status < 300) {
                    sent.incrementAndGet();
                    return;
                }
                if (status < 500 && status != 429) {
                    break; // the receiver refuses it: asking again will not help
                }
            } catch (IOException e) {
                // no answer: retried
            }
            if (attempt < ATTEMPTS) {
                Thread.sleep(pause);
                pause *= 2;
            }
        }
        failed.incrementAndGet();
    }

    /** Waits up to {@code grace} for queued alerts to go out; what is left is counted as dropped. */
    public void close(Duration grace) {
        if (closed) {
            return;
        }
        closed = true;
        queue.offer(STOP);
        try {
            worker.join(grace.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (worker.isAlive()) {
            worker.interrupt();
            dropped.addAndGet(queue.stream().filter(o -> o != STOP).count());
            queue.clear();
        }
        client.close();
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }

    public URI url() {
        return url;
    }

    public long sent() {
        return sent.get();
    }

    public long failed() {
        return failed.get();
    }

    public long dropped() {
        return dropped.get();
    }
}
