package dev.polytrace.bundled;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real podman container for a test: a busybox image imported from a local rootfs, run with runc
 * and the cgroupfs manager (crun refuses this VM's hybrid cgroup layout, and its default ulimits
 * cannot be set here, hence {@code CONTAINERS_CONF} and the explicit ulimits). Its cgroup v2 path
 * is {@code /libpod_parent/libpod-ID}. {@link #close} removes it, and the test's image.
 */
final class PodmanContainer implements AutoCloseable {
    private static final String IMAGE_PREFIX = "localhost/polytrace-test-busybox-";
    private static final String[] PROGRAMS = {"sleep", "cat", "echo", "sh"};

    final String name;
    final String id;
    /** The image's name, of this container alone: removing it touches no other run's containers. */
    final String image;
    private final Path dir;

    private PodmanContainer(String name, String id, String image, Path dir) {
        this.name = name;
        this.id = id;
        this.image = image;
        this.dir = dir;
    }

    /** Skips the test, with the reason, when podman, runc or a static busybox is not installed. */
    static void assumeAvailable() {
        for (String tool : new String[] {"/usr/bin/podman", "/usr/sbin/runc", "/bin/busybox"}) {
            assumeTrue(Files.isExecutable(Path.of(tool)), tool + " is not installed (apt-get install podman runc "
                    + "busybox-static; ./polytrace test installs them)");
        }
    }

    /**
     * For a kernel test's set-up: skips when tracepoints or podman are missing, else starts a
     * container of its own (close it in the tear-down).
     */
    static PodmanContainer startForKernelTest() throws IOException {
        KernelHooks.assume(dev.polytrace.bpf.AttachKind.TRACEPOINT);
        assumeAvailable();
        return start();
    }

    /** Imports the image and starts a container that sleeps until it is removed. */
    static PodmanContainer start() throws IOException {
        Path dir = Files.createTempDirectory("polytrace-podman");
        Path conf = dir.resolve("containers.conf");
        Files.writeString(conf, "[containers]\ndefault_ulimits = []\n");
        Path rootfs = dir.resolve("rootfs/bin");
        Files.createDirectories(rootfs);
        Files.copy(Path.of("/bin/busybox"), rootfs.resolve("busybox"));
        for (String program : PROGRAMS) {
            Files.createSymbolicLink(rootfs.resolve(program), Path.of("busybox"));
        }
        run(dir, "tar", "-C", dir.resolve("rootfs").toString(), "-cf", dir.resolve("rootfs.tar").toString(), ".");
        String unique = UUID.randomUUID().toString().substring(0, 8);
        String image = IMAGE_PREFIX + unique;
        String name = "polytrace-test-" + unique;
        run(dir, "podman", "import", dir.resolve("rootfs.tar").toString(), image);
        try {
            String id = run(dir, "podman", "run", "-d", "--name", name, "--runtime", "/usr/sbin/runc",
                    "--cgroup-manager", "cgroupfs", "--ulimit", "nofile=20000:20000", "--ulimit", "nproc=1000:1000",
                    image, "/bin/sleep", "600").strip().lines().reduce((first, last) -> last).orElse("");
            return new PodmanContainer(name, id, image, dir);
        } catch (RuntimeException e) {
            runQuietly(dir, "podman", "rm", "-f", "-t", "0", name);
            runQuietly(dir, "podman", "rmi", image);
            throw e;
        }
    }

    /** Runs {@code command} inside the container with {@code podman exec}, to completion. */
    void exec(String... command) {
        run(dir, true, execCommand(command));
    }

    /** As {@link #exec}, for a command whose exit status tells nothing here (a refused connection). */
    void execIgnoringExit(String... command) {
        run(dir, false, execCommand(command));
    }

    private String[] execCommand(String... command) {
        List<String> all = new ArrayList<>(List.of("podman", "exec", name));
        all.addAll(List.of(command));
        return all.toArray(String[]::new);
    }

    /** The container's cgroup v2 path, as podman's cgroupfs manager makes it. */
    String cgroupPath() {
        return "/libpod_parent/libpod-" + id;
    }

    @Override
    public void close() {
        runQuietly(dir, "podman", "rm", "-f", "-t", "0", name);
        runQuietly(dir, "podman", "rmi", image);
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is no test failure
        }
    }

    private static String run(Path dir, String... command) {
        return run(dir, true, command);
    }

    private static String run(Path dir, boolean checkExit, String... command) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            pb.environment().put("CONTAINERS_CONF", dir.resolve("containers.conf").toString());
            Process p = pb.start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish");
            }
            if (checkExit && p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void runQuietly(Path dir, String... command) {
        try {
            run(dir, command);
        } catch (RuntimeException e) {
            // already gone
        }
    }
}
