package dev.polytrace.bundled;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polytrace.bpf.testing.KernelTest;
import dev.polytrace.host.bundled.BundledTracers;
import dev.polytrace.host.cli.CliRun;
import dev.polytrace.host.cli.PolytraceCommand;
import dev.polytrace.host.container.ContainerInfo;
import dev.polytrace.host.filter.FilterPlacement;
import dev.polytrace.host.filter.ProcessFilter;
import dev.polytrace.host.pkg.PackageReader;
import dev.polytrace.host.pkg.TracerPackage;
import dev.polytrace.host.session.EventSink;
import dev.polytrace.host.session.RunOptions;
import dev.polytrace.host.session.TracerSession;
import dev.polytrace.script.codec.RecordLayout;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Events of a real podman container name it, and {@code --container} traces it alone, filtered in
 * the kernel: the host reads no record of the execs made outside it.
 */
@KernelTest
class ContainersKernelTest extends WithPodmanContainer {
    @Test
    void execsnoopNamesTheContainerOfAnExecInsideItAndNoneForAHostExec() {
        String marker = "polytrace-" + UUID.randomUUID();
        CliRun run = CliRun.json("execsnoop");
        try (run) {
            run.awaitAttached();
            container.exec("/bin/echo", marker);
            assertEquals(0, Workloads.run("/bin/true", marker));
        }
        JsonNode inside = only(run, "/bin/echo " + marker);
        assertEquals(container.id, inside.path("container").path("id").asText(), inside::toString);
        assertEquals(container.name, inside.path("container").path("name").asText());
        assertEquals(container.image + ":latest", inside.path("container").path("image").asText());
        assertEquals("podman", inside.path("container").path("runtime").asText());
        JsonNode outside = only(run, "/bin/true " + marker);
        assertTrue(outside.path("container").isMissingNode(), outside::toString);
    }

    private static JsonNode only(CliRun run, String args) {
        List<JsonNode> rows = run.rows().stream().filter(r -> r.path("args").asText().equals(args)).toList();
        assertEquals(1, rows.size(), () -> "one exec of " + args + run.describe());
        return rows.getFirst();
    }

    @Test
    void onlyTheContainersExecsReachTheHost() {
        TracerPackage execsnoop = PackageReader.read(BundledTracers.find("execsnoop").orElseThrow(), "bundled:execsnoop");
        Records records = new Records();
        RunOptions options = RunOptions.DEFAULTS.withFilter(new ProcessFilter(null, null, null, null, container.name));
        int inside = 3;
        int outside = 5;
        long read;
        long filteredInHost;
        try (TracerSession session = TracerSession.start(execsnoop, options, records)) {
            assertEquals(FilterPlacement.KERNEL, session.filterPlacement());
            for (int i = 0; i < inside; i++) {
                container.exec("/bin/cat", "/dev/null");
                for (int j = 0; j < outside; j++) {
                    assertEquals(0, Workloads.run("/bin/true"));
                }
            }
            session.close(); // drains the ring buffer
            read = session.stats().events();
            filteredInHost = session.stats().filtered();
        }
        assertEquals(inside, read, () -> "records read from the ring buffer: " + records.containers);
        assertEquals(0, filteredInHost);
        assertEquals(inside, records.containers.size());
        assertTrue(records.containers.stream().allMatch(c -> c.id().equals(container.id) && c.name().equals(
                container.name)), records.containers::toString);
    }

    @Test
    void aContainerThatIsNotRunningIsAnErrorListingTheRunningOnes() {
        StringWriter err = new StringWriter();
        int exit = PolytraceCommand.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(err, true))
                .execute("run", "execsnoop", "--container", "no-such");
        assertTrue(exit != 0, err::toString);
        assertTrue(err.toString().startsWith("polytrace: --container no-such: no running container has this name or "
                + "id; running: ") && err.toString().contains(container.name + " (podman "), err::toString);
    }

    /** The containers of the records a session hands over. */
    private static final class Records implements EventSink {
        final List<ContainerInfo> containers = new ArrayList<>();

        @Override
        public synchronized void onRecord(String stream, RecordLayout layout, ByteBuffer raw, ContainerInfo container) {
            containers.add(container);
        }

        @Override
        public void onEvent(String stream, Map<String, Object> event, ByteBuffer raw) {
            throw new AssertionError("records come through onRecord");
        }

        @Override
        public void onSample(String map, String rendered) {
        }
    }
}
