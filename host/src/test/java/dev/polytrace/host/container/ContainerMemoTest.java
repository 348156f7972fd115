package dev.polytrace.host.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.polytrace.bpf.btf.Btf;
import dev.polytrace.bpf.btf.BtfStruct;
import dev.polytrace.bpf.elf.ElfFile;
import dev.polytrace.bpf.testing.TestObjects;
import dev.polytrace.script.codec.RecordLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A reader's memory of its last process's container: the resolver's answer, kept no longer than the resolver keeps it. */
class ContainerMemoTest {
    private static final String WEB = ContainerResolverTest.PODMAN_PATH;
    private static final String SSH = "/system.slice/ssh.service";
    // process_events.bpf.o's process_event: pid, uid, comm[16], cgroup_id (at 24)
    private static final ProcessFields PROCESS = ProcessFields.of(RecordLayout.of(Btf.fromElf(ElfFile.parse(
            TestObjects.bytes("process_events"), "process_events.bpf.o")).byName("process_event", BtfStruct.class)
            .orElseThrow()));

    @TempDir
    Path dir;
    RecordedHost host;
    final AtomicLong clock = new AtomicLong();
    ContainerMemo memo;
    long webId;

    @BeforeEach
    void setUp() {
        host = new RecordedHost(dir);
        host.write(host.roots.containersStorage().resolve("overlay-containers/containers.json"),
                ContainerResolverTest.podmanContainersJson(ContainerResolverTest.ID, "web", "localhost/s-busybox:latest"));
        webId = host.cgroup(WEB);
        host.cgroup(SSH);
        memo = new ContainerMemo(new ContainerResolver(host.roots, clock::get));
    }

    @Test
    void aProcessMovedToAnotherCgroupIsSeenThereOnceTheResolversOwnAnswerIsOld() {
        host.process(4242, WEB);
        assertEquals("web", memo.of(PROCESS, record(4242, 0)).name());
        host.process(4242, SSH);
        clock.addAndGet(ContainerResolver.PID_NANOS);
        for (int i = 1; i < ContainerMemo.CLOCK_EVERY; i++) {
            assertEquals("web", memo.of(PROCESS, record(4242, 0)).name(), "record " + i + " of a run: the clock unread");
        }
        assertSame(ContainerInfo.HOST, memo.of(PROCESS, record(4242, 0)), "the clock read, the answer too old");
    }

    @Test
    void anotherProcessOrARecordedCgroupIdIsLookedUpAtOnce() {
        host.process(4242, WEB);
        host.process(7, SSH);
        assertEquals("web", memo.of(PROCESS, record(4242, 0)).name());
        assertSame(ContainerInfo.HOST, memo.of(PROCESS, record(7, 0)));
        assertEquals("web", memo.of(PROCESS, record(7, webId)).name(), "the recorded cgroup id wins");
        assertSame(ContainerInfo.HOST, memo.of(PROCESS, record(0, 0)), "pid 0: the kernel's own");
        assertSame(ContainerInfo.UNKNOWN, memo.of(PROCESS, record(999, 0)), "no /proc/999");
    }

    private static ByteBuffer record(int pid, long cgroupId) {
        ByteBuffer b = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, pid).putLong(24, cgroupId);
        return b;
    }
}
