package dev.polytrace.host.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebhookSenderTest {
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private URI serve(com.sun.net.httpserver.HttpHandler handler) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", handler);
        server.setExecutor(java.util.concurrent.Executors.newSingleThreadExecutor());
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    }

    private static Alert alert(String rule) {
        return new Alert(rule, Priority.WARNING, "text of " + rule, "opensnoop", List.of("t"), Map.of("pid", 1L),
                Instant.now());
    }

    @Test
    void eachAlertArrivesOnceAsJsonAndAFailedPostIsRetried() throws Exception {
        List<JsonNode> received = new CopyOnWriteArrayList<>();
        AtomicInteger requests = new AtomicInteger();
        URI url = serve(exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            boolean refuse = requests.incrementAndGet() == 2; // the second post fails once
            if (!refuse) {
                received.add(new ObjectMapper().readTree(new String(body, StandardCharsets.UTF_8)));
            }
            exchange.sendResponseHeaders(refuse ? 503 : 204, -1);
            exchange.close();
        });
        WebhookSender sender = new WebhookSender(url, 10, Duration.ofMillis(20));
        sender.onAlert(alert("one"));
        sender.onAlert(alert("two"));
        sender.onAlert(alert("three"));
        sender.close(Duration.ofSeconds(20));
        assertEquals(List.of("one", "two", "three"), received.stream().map(n -> n.get("alert").asText()).toList());
        assertEquals("warning", received.get(0).get("priority").asText());
        assertEquals("opensnoop", received.get(0).get("tracer").asText());
        assertEquals(1, received.get(0).get("event").get("pid").asInt());
        assertEquals(4, requests.get());
        assertEquals(3, sender.sent());
        assertEquals(0, sender.failed());
    }

    @Test
    void aFullQueueDropsAndCountsAlerts() throws Exception {
        CountDownLatch firstArrived = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        URI url = serve(exchange -> {
            exchange.getRequestBody().readAllBytes();
            firstArrived.countDown();
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        WebhookSender sender = new WebhookSender(url, 2, Duration.ofMillis(20));
        sender.onAlert(alert("held"));
        assertTrue(firstArrived.await(20, TimeUnit.SECONDS));
        for (int i = 0; i < 4; i++) {
            sender.onAlert(alert("queued or dropped " + i));
        }
        assertEquals(2, sender.dropped());
        release.countDown();
        sender.close(Duration.ofSeconds(20));
        assertEquals(3, sender.sent());
    }

    @Test
    void onlyHttpUrls() {
        assertThrows(IllegalArgumentException.class, () -> new WebhookSender(URI.create("file:///etc/passwd")));
    }
}
