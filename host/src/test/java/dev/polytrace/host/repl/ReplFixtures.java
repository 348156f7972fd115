package dev.polytrace.host.repl;

import dev.polytrace.bpf.KernelObjects;
import dev.polytrace.host.build.BuildFixtures;
import dev.polytrace.host.build.BuildRequest;
import dev.polytrace.host.build.TracerBuilder;
import dev.polytrace.host.pkg.PackageWriter;
import dev.polytrace.host.pkg.TracerPackage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The REPL tests' tracer, {@code getppid.bpf.c} (a hash map counting getppid() calls per process,
 * a ring buffer reporting each, a .rodata filter and a .bss switch), built once per JVM and written
 * as a package file; and the files beside it.
 */
final class ReplFixtures {
    private static Path packageFile;
    private static Path directory;

    private ReplFixtures() {
    }

    /** The built {@code getppid.tracer.json}; skips the test, with the reason, without clang or bpftool. */
    static synchronized Path packageFile() {
        BuildFixtures.assumeToolchain();
        if (packageFile == null) {
            TracerPackage pkg = TracerBuilder.build(BuildRequest.of(resource("getppid.bpf.c"))
                    .withToolchain(BuildFixtures.toolchain()));
            packageFile = write("getppid.tracer.json", PackageWriter.write(pkg));
        }
        return packageFile;
    }

    /** {@code --param target_pid=<this JVM>}: the tracer sees only the test's own calls. */
    static String onlyThisProcess() {
        return "target_pid=" + ProcessHandle.current().pid();
    }

    static Path resource(String name) {
        try {
            return Path.of(ReplFixtures.class.getResource("/repl/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("test resource repl/" + name + " missing", e);
        }
    }

    static synchronized Path write(String name, byte[] content) {
        try {
            if (directory == null) {
                directory = Files.createTempDirectory("polytrace-repl-test-");
                directory.toFile().deleteOnExit();
            }
            Path file = directory.resolve(name);
            Files.write(file, content);
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path historyFile() {
        try {
            Path file = Files.createTempFile("polytrace-history-", "");
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the kernel has now beyond {@code before}, once programs closed a moment ago are freed. */
    static KernelObjects.Snapshot leftSince(KernelObjects.Snapshot before) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        KernelObjects.Snapshot left = KernelObjects.snapshot().minus(before);
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
            left = KernelObjects.snapshot().minus(before);
        }
        return left;
    }
}
