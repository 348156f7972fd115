package dev.polytrace.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polytrace.bpf.testing.KernelTest;
import dev.polytrace.bpf.testing.Triggers;
import dev.polytrace.host.build.BuildFixtures;
import dev.polytrace.host.pkg.PackageMap;
import dev.polytrace.host.pkg.PackageReader;
import dev.polytrace.host.pkg.PackageWriter;
import dev.polytrace.host.pkg.TracerPackage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tracer whose maps its C user space would size (unsized.bpf.c: a hash map without
 * max_entries, a stack trace map without max_entries or value_size) runs, with the defaults
 * said on stderr, and takes sizes from --map-size or the package.
 */
@KernelTest
class MapSizeKernelTest {
    private static final String COUNTS_DEFAULT = "polytrace: unsized: map 'counts' (hash) declares no max_entries,"
            + " which its tool's C code would set: using 10240 (--map-size counts=N to choose)";
    private static final String STACKS_DEFAULT = "polytrace: unsized: map 'stacks' (stack_trace) declares no"
            + " max_entries, which its tool's C code would set: using 1024 (--map-size stacks=N to choose)";
    private static final String STACK_FRAMES = "polytrace: unsized: map 'stacks' (stack_trace) declares no"
            + " value_size: using 127 frames (1016 bytes)";

    @BeforeAll
    static void toolchain() {
        BuildFixtures.assumeToolchain();
    }

    @Test
    void unsizedMapsGetDefaultsSaidOnStderr() throws Exception {
        List<JsonNode> calls = callsFromTwoThreads(RunFixtures.packageFile("unsized"));
        assertEquals(List.of(1, 1), calls.stream().map(c -> c.get("stored").asInt()).toList(),
                "10240 entries hold both threads' counts");
        assertTrue(calls.stream().allMatch(c -> c.get("stack_id").asInt() >= 0), "stacks of 127 frames: " + calls);
    }

    @Test
    void mapSizeOptionOverridesTheDefault() throws Exception {
        CliRun run = CliRun.json(RunFixtures.packageFile("unsized").toString(), "--param", "target_tgid="
                + ProcessHandle.current().pid(), "--map-size", "counts=1").awaitAttached();
        List<JsonNode> calls = triggerFromTwoThreads(run);
        assertEquals(List.of(1, 0), calls.stream().map(c -> c.get("stored").asInt()).toList(),
                "one entry holds the first thread's count only");
        assertFalse(run.err().contains("map 'counts'"), run.err());
        assertTrue(run.err().contains(STACK_FRAMES), run.err());
    }

    @Test
    void thePackagesMapsSectionSizesToo(@TempDir Path dir) throws Exception {
        TracerPackage built = PackageReader.read(Files.readAllBytes(RunFixtures.packageFile("unsized")), "unsized");
        TracerPackage sized = new TracerPackage(built.formatVersion(), built.name(), built.version(),
                built.description(), built.object(), built.handler(), built.params(), built.programs(),
                List.of(new PackageMap("counts", 1)), built.outputs(), built.options(), built.signature(),
                built.origin(), List.of());
        Path file = dir.resolve("sized.tracer.json");
        Files.write(file, PackageWriter.write(sized));
        List<JsonNode> calls = callsFromTwoThreads(file);
        assertEquals(List.of(1, 0), calls.stream().map(c -> c.get("stored").asInt()).toList());
    }

    @Test
    void aMapTheKernelRefusesIsNamedWithWhatToFix() {
        CliRun run = CliRun.run("run", RunFixtures.packageFile("unsized").toString(), "--map-size",
                "counts=2147483647", "--duration", "1s");
        assertEquals(1, run.exitCode(), run.err());
        String last = run.err().strip().lines().reduce((a, b) -> b).orElseThrow();
        assertTrue(last.startsWith("polytrace: unsized: the kernel refused to create map 'counts' (")
                && last.endsWith("): hash, key_size 4, value_size 8, max_entries 2147483647; max_entries 2147483647"
                + " is too large for this map: set a smaller one with --map-size counts=N (or \"maps\" in the"
                + " package)"), run.err());
    }

    /** Runs the package, checks the defaults were said, and returns the calls of two threads. */
    private static List<JsonNode> callsFromTwoThreads(Path pkg) throws Exception {
        CliRun run = CliRun.json(pkg.toString(), "--param", "target_tgid=" + ProcessHandle.current().pid())
                .awaitAttached();
        List<JsonNode> calls = triggerFromTwoThreads(run);
        boolean packageSized = !run.err().contains("map 'counts'");
        if (!packageSized) {
            assertTrue(run.err().contains(COUNTS_DEFAULT), run.err());
        }
        assertTrue(run.err().contains(STACKS_DEFAULT) && run.err().contains(STACK_FRAMES), run.err());
        return calls;
    }

    /** One getppid() on this thread, then one on another: their records, in that order. */
    private static List<JsonNode> triggerFromTwoThreads(CliRun run) throws InterruptedException {
        Triggers.getppid(1);
        Thread other = new Thread(() -> Triggers.getppid(1), "getppid-second-thread");
        other.start();
        other.join();
        run.stop(); // drains what the two calls wrote
        List<JsonNode> calls = run.rows();
        assertEquals(2, calls.size(), run.describe());
        assertTrue(calls.get(0).get("tid").asLong() != calls.get(1).get("tid").asLong(), run.describe());
        return calls;
    }
}
