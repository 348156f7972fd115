package dev.polytrace.host.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polytrace.bpf.BpfLink;
import dev.polytrace.bpf.BpfObject;
import dev.polytrace.bpf.OpenBpfObject;
import dev.polytrace.bpf.RingBufferReader;
import dev.polytrace.bpf.btf.BtfStruct;
import dev.polytrace.bpf.testing.KernelTest;
import dev.polytrace.host.pkg.TracerPackage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Built objects, anchors included, load with libbpf and behave as their source says. */
@KernelTest
class BuiltObjectKernelTest {

    @BeforeAll
    static void toolchain() {
        BuildFixtures.assumeToolchain();
    }

    @ParameterizedTest
    @ValueSource(strings = {"exec.bpf.c", "perf.bpf.c", "annotated.bpf.c", "params.bpf.c", "histogram.bpf.c",
        "bounded.bpf.c"})
    void loadsWithLibbpf(String source) {
        TracerPackage pkg = TracerBuilder.build(BuildFixtures.request(source));
        try (BpfObject object = OpenBpfObject.open(pkg.object().elf(), pkg.name()).load()) {
            assertEquals(pkg.programs().size(), object.programs().size());
        }
    }

    @Test
    void theExecTracerStillReportsExecsWithTheAnchoredLayout() throws Exception {
        TracerPackage pkg = TracerBuilder.build(BuildFixtures.request("exec.bpf.c"));
        BtfStruct event = TracerBuilderTest.btf(pkg).byName("event", BtfStruct.class).orElseThrow();
        int pidOffset = (int) event.member("pid").orElseThrow().byteOffset();
        int commOffset = (int) event.member("comm").orElseThrow().byteOffset();
        List<String> childComms = new ArrayList<>(); // other processes exec too: only our child's count
        try (BpfObject object = OpenBpfObject.open(pkg.object().elf(), pkg.name()).load();
                BpfLink link = object.program("handle_exec").attach();
                RingBufferReader reader = RingBufferReader.open(object.map("rb"))) {
            Process p = new ProcessBuilder("/bin/true").start();
            assertTrue(p.waitFor(10, TimeUnit.SECONDS));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!childComms.contains("true") && System.nanoTime() < deadline) {
                reader.poll(Duration.ofMillis(200), record -> {
                    if (record.getInt(pidOffset) == p.pid()) {
                        byte[] comm = new byte[16];
                        record.get(commOffset, comm);
                        childComms.add(new String(comm, StandardCharsets.UTF_8).replace("\0", ""));
                    }
                });
            }
        }
        // The JVM starts children through jspawnhelper, which then execs /bin/true under the same pid.
        assertTrue(childComms.contains("true"), "an exec of /bin/true by our child was reported: " + childComms);
    }
}
