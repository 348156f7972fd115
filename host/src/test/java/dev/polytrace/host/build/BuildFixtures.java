package dev.polytrace.host.build;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Sources under src/test/resources/build and a toolchain whose vmlinux.h cache is a temporary
 * directory shared by the tests of one JVM, so the user's ~/.cache is never touched.
 */
public final class BuildFixtures {
    private static Path sharedCache;

    private BuildFixtures() {
    }

    /** A test source or header, e.g. "exec.bpf.c" or "include". */
    public static Path resource(String name) {
        try {
            return Path.of(BuildFixtures.class.getResource("/build/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("test resource build/" + name + " missing", e);
        }
    }

    /** Skips the calling test, with the reason, when clang or bpftool cannot be run. */
    public static void assumeToolchain() {
        assumeTrue(runs("clang", "--version"), "clang is not installed: these tests compile BPF sources");
        assumeTrue(runs(new ExternalTool("bpftool", "bpftool", "").command(), "version"),
                "bpftool is not installed: these tests generate vmlinux.h");
        assumeTrue(Files.isReadable(Toolchain.KERNEL_BTF), "no kernel BTF at " + Toolchain.KERNEL_BTF);
    }

    /** The system toolchain with the shared temporary cache. */
    public static synchronized Toolchain toolchain() {
        if (sharedCache == null) {
            sharedCache = temporaryDirectory("polytrace-test-cache-");
        }
        return Toolchain.system().withCacheDir(sharedCache);
    }

    /** A request for a test source built with {@link #toolchain()}. */
    public static BuildRequest request(String source) {
        return BuildRequest.of(resource(source)).withToolchain(toolchain());
    }

    static Path temporaryDirectory(String prefix) {
        try {
            Path dir = Files.createTempDirectory(prefix);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort at exit
        }
    }

    private static boolean runs(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
