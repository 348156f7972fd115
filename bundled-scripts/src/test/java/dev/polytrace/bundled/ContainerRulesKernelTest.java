package dev.polytrace.bundled;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polytrace.bpf.testing.KernelTest;
import dev.polytrace.host.cli.CliRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The bundled container rules against a real podman container: each fires on what a process in
 * the container does and not on the same act of a host process, which proves the condition read
 * the container the run resolved for the event.
 */
@KernelTest
class ContainerRulesKernelTest extends WithPodmanContainer {
    @Test
    void aShellInTheContainerAlertsAndTheSameShellOnTheHostDoesNot() {
        String marker = "polytrace-" + UUID.randomUUID();
        String inside = "/bin/sh -c echo " + marker;
        String outside = "/bin/sh -c true " + marker;
        CliRun run = CliRun.json("execsnoop", "--rules", "bundled");
        try (run) {
            run.awaitAttached();
            container.exec("/bin/sh", "-c", "echo " + marker);
            assertEquals(0, Workloads.run("/bin/sh", "-c", "true " + marker));
            run.awaitRecord("the alert for the container's shell", alertOn("Shell in container", "args", inside));
            run.awaitRecord("the host shell's exec", r -> outside.equals(r.path("args").asText()));
        }
        List<JsonNode> alerts = alerts(run, "Shell in container", "args", marker);
        assertEquals(1, alerts.size(), () -> "one alert, for the container's shell" + run.describe());
        assertEquals(inside, alerts.getFirst().path("event").path("args").asText());
        assertTrue(alerts.getFirst().path("output").asText().contains("container " + container.name),
                alerts.getFirst()::toString);
    }

    @Test
    void aWriteBelowEtcInTheContainerAlertsAndTheSameWriteOnTheHostDoesNot() throws IOException {
        String file = "/etc/polytrace-" + UUID.randomUUID();
        CliRun run = CliRun.json("opensnoop", "--rules", "bundled");
        try (run) {
            run.awaitAttached();
            container.exec("/bin/sh", "-c", "echo x > " + file);
            try {
                Files.writeString(Path.of(file), "x");
            } finally {
                Files.deleteIfExists(Path.of(file));
            }
            run.awaitRecord("the alert for the container's write", alertOn("Write below etc", "path", file));
            run.awaitRecord("the host's write", r -> !r.has("alert") && file.equals(r.path("path").asText())
                    && !r.has("container"));
        }
        List<JsonNode> alerts = alerts(run, "Write below etc", "path", file);
        assertEquals(1, alerts.size(), () -> "one alert, for the container's write of " + file + run.describe());
        assertEquals("error", alerts.getFirst().path("priority").asText());
        assertTrue(alerts.getFirst().path("output").asText().contains("container " + container.name),
                alerts.getFirst()::toString);
    }

    /**
     * A connection from the container to a port outside the allowed ones alerts; the same
     * connection from the host does not. Both go to a listener in their own network namespace,
     * so neither leaves the machine.
     */
    @Test
    void anOutboundConnectionFromTheContainerToAnUnexpectedPortAlertsAndTheHostsDoesNot() throws IOException {
        try (ServerSocket hostListener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = hostListener.getLocalPort();
            CliRun run = CliRun.json("tcpconnect", "--rules", "bundled");
            try (run) {
                run.awaitAttached();
                // busybox nc: the connection is refused in the container's own namespace, but the
                // SYN it sends is the connect tcpconnect reports
                container.execIgnoringExit("/bin/busybox", "nc", "-w", "1", "127.0.0.1", String.valueOf(port));
                connectFromHost(port);
                run.awaitRecord("the alert for the container's connect", alertOn("Unexpected outbound port from container",
                        "dport", String.valueOf(port)));
                run.awaitRecord("the host's connect", r -> !r.has("alert") && r.path("dport").asInt() == port
                        && !r.has("container"));
            }
            List<JsonNode> alerts = alerts(run, "Unexpected outbound port from container", "dport", String.valueOf(port));
            assertEquals(1, alerts.size(), () -> "one alert, for the container's connect" + run.describe());
            assertTrue(alerts.getFirst().path("output").asText().contains(container.name), alerts.getFirst()::toString);
        }
    }

    private static void connectFromHost(int port) {
        try (java.net.Socket ignored = new java.net.Socket(InetAddress.getLoopbackAddress(), port)) {
            // connected: that is all tcpconnect sees
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Predicate<JsonNode> alertOn(String rule, String field, String value) {
        return r -> rule.equals(r.path("alert").asText(null)) && r.path("event").path(field).asText().contains(value);
    }

    private static List<JsonNode> alerts(CliRun run, String rule, String field, String value) {
        return run.records().stream().filter(alertOn(rule, field, value)).toList();
    }
}
