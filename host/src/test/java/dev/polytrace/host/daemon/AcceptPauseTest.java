package dev.polytrace.host.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polytrace.host.daemon.http.DaemonConnector;
import dev.polytrace.host.daemon.local.LocalService;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a renewal relies on: the HTTP connector and the local socket stop accepting with their
 * sockets open, a client that connects meanwhile waits and is served once accepting resumes, and
 * the connector tells whether requests are under way and counts those that are use.
 */
class AcceptPauseTest {
    @Test
    void aPausedConnectorKeepsANewClientWaitingUntilItResumes() throws Exception {
        try (DaemonFixture daemon = DaemonFixture.start()) {
            DaemonConnector connector = daemon.daemon.connector();
            long begun = connector.requestsBegun();
            assertEquals(200, daemon.get("/v1/tracers").status());
            assertEquals(begun + 1, connector.requestsBegun(), "a request is use");
            assertEquals(200, daemon.get("/v1/health").status());
            assertEquals(200, daemon.get("/metrics").status());
            assertEquals(begun + 1, connector.requestsBegun(), "a health check or a scrape is not");

            connector.setAccepting(false);
            // A client of its own, so that no connection kept alive from before serves it.
            CompletableFuture<HttpResponse<String>> waiting = java.net.http.HttpClient.newHttpClient().sendAsync(
                    HttpRequest.newBuilder(daemon.base.resolve("/v1/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertFalse(completesWithin(waiting, Duration.ofSeconds(1)), "no answer while accepting is paused");
            connector.setAccepting(true);
            assertEquals(200, waiting.get(30, TimeUnit.SECONDS).statusCode());
            assertTrue(connector.isQuiet(Duration.ZERO), "nothing under way once answered");
        }
    }

    @Test
    void aPausedLocalSocketLeavesAClientInTheQueueUntilItResumes(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("s/p.sock");
        LocalService local = LocalService.start(socket, call -> 0, () -> { });
        try {
            assertTrue(local.pauseAccepting(Duration.ofSeconds(10)), "the acceptor stopped");
            try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
                assertTrue(client.isConnected(), "connected: queued by the kernel");
                assertFalse(local.hasClients(), "not accepted while paused");
                local.resumeAccepting();
                Await.until("the client accepted once resumed", Duration.ofSeconds(30), local::hasClients);
            }
        } finally {
            local.close();
        }
    }

    private static boolean completesWithin(CompletableFuture<?> future, Duration wait) throws Exception {
        try {
            future.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        }
    }
}
