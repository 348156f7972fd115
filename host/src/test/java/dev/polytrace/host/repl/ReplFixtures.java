package dev.polytrace.host.repl;

import dev.polytrace.bpf.KernelObjects;
import dev.polytrace.host.build.BuildFixtures;
import dev.polytrace.host.build.BuildRequest;
import dev.polytrace.host.build.TracerBuilder;
import dev.polytrace.host.pkg.PackageWriter;
import dev.polytrace.host.pkg.TracerPackage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The REPL tests' tracer, {@code getppid.bpf.c} (a hash map counting getppid() calls per process,
 * a ring buffer reporting each, a .rodata filter and a .bss switch), built once per JVM and written
 * as a package file; and the files beside it.
 */
final class ReplFixtures {
    private static final long HANG_GUARD_NANOS = 60_000_000_000L;
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

    /**
     * The BPF programs, maps and links that process {@code pid} holds open, from its fd table.
     * Kernel tests of other runs may load the same tracer at the same time on this machine, so
     * what a REPL leaves behind is judged by the objects it held, not by a machine-wide diff.
     */
    static KernelObjects.Snapshot heldBy(long pid) {
        Set<Integer> programs = new TreeSet<>();
        Set<Integer> maps = new TreeSet<>();
        Set<Integer> links = new TreeSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fdinfo"))) {
            for (Path fd : fds.toList()) {
                String info;
                try {
                    info = Files.readString(fd);
                } catch (IOException closedMeanwhile) {
                    continue;
                }
                for (String line : info.split("\n")) {
                    String[] kv = line.split(":\\s*", 2);
                    if (kv.length == 2 && kv[1].matches("\\d+")) {
                        switch (kv[0]) {
                            case "prog_id" -> programs.add(Integer.parseInt(kv[1]));
                            case "map_id" -> maps.add(Integer.parseInt(kv[1]));
                            case "link_id" -> links.add(Integer.parseInt(kv[1]));
                            default -> {
                                // other fdinfo fields
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new KernelObjects.Snapshot(programs, maps, links);
    }

    /**
     * BPF maps mapped into the memory of process {@code pid} (0 once it is gone): a mapped map,
     * a ring buffer's say, stays in the kernel after its fd is closed, until it is unmapped.
     */
    static long bpfMapMappings(long pid) {
        try (Stream<String> lines = Files.lines(Path.of("/proc", Long.toString(pid), "maps"))) {
            return lines.filter(line -> line.endsWith("anon_inode:bpf-map")).count();
        } catch (NoSuchFileException gone) {
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Which of {@code held} the kernel still has once process {@code pid} has let go of them.
     * First what the process controls, which it has done by now if it ever will: none of them
     * among its fds, and no more BPF maps mapped than {@code mappedBefore}. Then the kernel frees
     * them on its own time (after an RCU grace period, some in a work queue): waited for, with a
     * deadline that only guards against a hang.
     */
    static KernelObjects.Snapshot stillLoaded(long pid, KernelObjects.Snapshot held, long mappedBefore)
            throws InterruptedException {
        KernelObjects.Snapshot open = intersection(held, heldByIfAlive(pid));
        long mapped = bpfMapMappings(pid);
        if (!open.isEmpty() || mapped > mappedBefore) {
            throw new AssertionError("process " + pid + " still holds " + open + " and maps " + mapped + " BPF maps ("
                    + mappedBefore + " before)");
        }
        long deadline = System.nanoTime() + HANG_GUARD_NANOS;
        KernelObjects.Snapshot left = intersection(held, KernelObjects.snapshot());
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
            left = intersection(held, KernelObjects.snapshot());
        }
        return left;
    }

    private static KernelObjects.Snapshot heldByIfAlive(long pid) {
        if (!Files.isDirectory(Path.of("/proc", Long.toString(pid), "fdinfo"))) {
            return new KernelObjects.Snapshot(Set.of(), Set.of(), Set.of());
        }
        return heldBy(pid);
    }

    private static KernelObjects.Snapshot intersection(KernelObjects.Snapshot a, KernelObjects.Snapshot b) {
        return new KernelObjects.Snapshot(common(a.programs(), b.programs()), common(a.maps(), b.maps()),
                common(a.links(), b.links()));
    }

    private static Set<Integer> common(Set<Integer> a, Set<Integer> b) {
        Set<Integer> both = new TreeSet<>(a);
        both.retainAll(b);
        return both;
    }
}
