package dev.polytrace.host.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.polytrace.host.container.ContainerResolver;
import dev.polytrace.host.container.StateRoots;
import dev.polytrace.host.input.UserError;
import dev.polytrace.script.codec.RecordLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resolving --cgroup and --container against recorded cgroups, the host-side filter, and the JSON form. */
class ProcessFilterTest {
    static final String ID = "56373b6a7aa6ca40f52752e9aabf1581fc46d91adb5b589558e4369f4b96d1d5";
    static final String OTHER = "9f00000000000000000000000000000000000000000000000000000000000abc";

    @TempDir
    Path dir;
    StateRoots roots;
    ContainerResolver containers;

    @BeforeEach
    void setUp() throws IOException {
        roots = StateRoots.under(dir);
        Files.createDirectories(roots.cgroupV2().resolve("libpod_parent/libpod-" + ID));
        Files.createDirectories(roots.cgroupV2().resolve("libpod_parent/libpod-" + OTHER));
        Files.createDirectories(roots.cgroupV2().resolve("system.slice/ssh.service"));
        Path storage = roots.containersStorage().resolve("overlay-containers");
        Files.createDirectories(storage);
        Files.writeString(storage.resolve("containers.json"), "[{\"id\":\"" + ID + "\",\"names\":[\"web\"],"
                + "\"metadata\":\"{}\"},{\"id\":\"" + OTHER + "\",\"names\":[\"db\"],\"metadata\":\"{}\"}]");
        containers = new ContainerResolver(roots);
    }

    private long inode(String path) throws IOException {
        return ((Number) Files.getAttribute(roots.cgroupV2().resolve(path), "unix:ino")).longValue();
    }

    @Test
    void aContainerByNameIdOrPrefixBecomesItsCgroupId() throws IOException {
        long web = inode("libpod_parent/libpod-" + ID);
        for (String name : new String[] {"web", ID, "56373b"}) {
            ResolvedFilter f = ResolvedFilter.of(new ProcessFilter(null, null, null, null, name), containers);
            assertEquals(Set.of(web), f.cgroupIds(), name);
            assertTrue(f.byCgroup());
        }
    }

    @Test
    void aContainerThatIsNotRunningIsAnErrorListingThoseThatAre() {
        UserError e = assertThrows(UserError.class, () -> ResolvedFilter.of(
                new ProcessFilter(null, null, null, null, "cache"), containers));
        assertEquals("--container cache: no running container has this name or id; running: db (podman 9f0000000000), "
                + "web (podman 56373b6a7aa6)", e.getMessage());
    }

    @Test
    void aCgroupByItsHierarchyPathOrItsPathBelowTheMount() throws IOException {
        long ssh = inode("system.slice/ssh.service");
        assertEquals(Set.of(ssh), ResolvedFilter.of(new ProcessFilter(null, null, null, "/system.slice/ssh.service",
                null), containers).cgroupIds());
        assertEquals(Set.of(ssh), ResolvedFilter.of(new ProcessFilter(null, null, null,
                roots.cgroupV2().resolve("system.slice/ssh.service").toString(), null), containers).cgroupIds());
        UserError e = assertThrows(UserError.class, () -> ResolvedFilter.of(
                new ProcessFilter(null, null, null, "/nowhere", null), containers));
        assertTrue(e.getMessage().startsWith("--cgroup /nowhere: no such cgroup"), e.getMessage());
    }

    @Test
    void badValuesAreRefusedByName() {
        assertThrows(UserError.class, () -> ResolvedFilter.of(new ProcessFilter(0, null, null, null, null), containers));
        assertThrows(UserError.class, () -> ResolvedFilter.of(new ProcessFilter(null, -1, null, null, null), containers));
        UserError comm = assertThrows(UserError.class, () -> ResolvedFilter.of(
                new ProcessFilter(null, null, "a-very-long-command", null, null), containers));
        assertTrue(comm.getMessage().contains("at most 15 bytes"), comm.getMessage());
        UserError both = assertThrows(UserError.class, () -> ResolvedFilter.of(
                new ProcessFilter(null, null, null, "/system.slice", "web"), containers));
        assertTrue(both.getMessage().contains("give one of them"), both.getMessage());
    }

    @Test
    void theHostFilterReadsPidUidCommAndTheRecordedCgroupId() throws IOException {
        long web = inode("libpod_parent/libpod-" + ID);
        long ssh = inode("system.slice/ssh.service");
        RecordLayout layout = RecordLayout.of(EventStructs.processEvent());
        ResolvedFilter filter = ResolvedFilter.of(new ProcessFilter(null, 1000, "sh", null, "web"), containers);
        HostFilter host = HostFilter.of(filter, layout, "t", "events", containers);
        assertTrue(host.test(EventStructs.record(12, 1000, "sh", web)));
        assertFalse(host.test(EventStructs.record(12, 0, "sh", web)), "uid");
        assertFalse(host.test(EventStructs.record(12, 1000, "bash", web)), "comm");
        assertFalse(host.test(EventStructs.record(12, 1000, "sh", ssh)), "cgroup");
        ResolvedFilter byPid = ResolvedFilter.of(new ProcessFilter(12, null, null, null, null), containers);
        assertTrue(HostFilter.of(byPid, layout, "t", "events", containers).test(EventStructs.record(12, 0, "x", 0)));
        assertFalse(HostFilter.of(byPid, layout, "t", "events", containers).test(EventStructs.record(13, 0, "x", 0)));
    }

    @Test
    void aFilterTheRecordsHaveNoFieldForIsRefused() {
        RecordLayout noUid = RecordLayout.of(EventStructs.pidOnlyEvent());
        ResolvedFilter byUid = ResolvedFilter.of(new ProcessFilter(null, 0, null, null, null), containers);
        UserError e = assertThrows(UserError.class, () -> HostFilter.of(byUid, noUid, "hello", "events", containers));
        assertEquals("hello: events of events (struct pid_only) have no uid field, and the tracer does not filter in "
                + "the kernel (#include \"polytrace.h\"): --uid cannot apply", e.getMessage());
    }

    @Test
    void jsonRoundTripsAndNamesAWrongField() throws IOException {
        ObjectMapper json = new ObjectMapper();
        ProcessFilter filter = new ProcessFilter(12, 0, "sh", null, "web");
        assertEquals(filter, FilterJson.parse(FilterJson.write(filter), "filter"));
        assertEquals("{\"pid\":12,\"uid\":0,\"comm\":\"sh\",\"container\":\"web\"}",
                json.writeValueAsString(FilterJson.write(filter)));
        UserError e = assertThrows(UserError.class, () -> FilterJson.parse(json.readTree("{\"pod\":\"x\"}"), "filter"));
        assertEquals("filter.pod: unknown filter (pid, uid, comm, cgroup, container)", e.getMessage());
        assertThrows(UserError.class, () -> FilterJson.parse(json.readTree("{\"pid\":\"12\"}"), "filter"));
    }

    @Test
    void describeWritesTheFlags() {
        assertEquals("--pid 3 --container web", new ProcessFilter(3, null, "", null, "web").describe());
        assertTrue(new ProcessFilter(null, null, " ", null, null).isEmpty());
    }
}
