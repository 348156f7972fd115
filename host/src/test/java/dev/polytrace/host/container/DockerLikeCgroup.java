package dev.polytrace.host.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A cgroup v2 scope named as Docker names a container's ({@code docker-ID.scope}, under a slice of
 * its own), for kernel tests of processes that ran in a container and are gone; removed by close.
 */
public final class DockerLikeCgroup implements AutoCloseable {
    public final String containerId = (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "");
    private final Path parent;
    public final Path scope;

    public DockerLikeCgroup() throws IOException {
        // StateRoots' v2 mount: /sys/fs/cgroup/unified on a hybrid host, where /sys/fs/cgroup is a tmpfs.
        parent = Files.createDirectory(StateRoots.system().cgroupV2().resolve("polytrace-test-" + UUID.randomUUID()
                + ".slice"));
        scope = Files.createDirectory(parent.resolve("docker-" + containerId + ".scope"));
    }

    /** The scope's cgroup id, as bpf_get_current_cgroup_id() gives it: its directory's inode. */
    public long cgroupId() throws IOException {
        return (Long) Files.getAttribute(scope, "unix:ino");
    }

    /** Runs {@code command} in a shell that first moves itself into the scope; the shell's pid once it exited and was reaped. */
    public int runAndReap(String command) throws Exception {
        Process shell = new ProcessBuilder("/bin/sh", "-c", "echo $$ > " + scope.resolve("cgroup.procs") + " && " + command)
                .redirectErrorStream(true).start();
        assertTrue(shell.waitFor(10, TimeUnit.SECONDS), "the shell exited");
        assertEquals(0, shell.exitValue(), () -> "moving into " + scope + ": " + new String(readAll(shell)));
        return (int) shell.pid();
    }

    private static byte[] readAll(Process p) {
        try {
            return p.getInputStream().readAllBytes();
        } catch (IOException e) {
            return e.toString().getBytes();
        }
    }

    @Override
    public void close() throws IOException {
        Files.deleteIfExists(scope); // empty: its processes are gone
        Files.deleteIfExists(parent);
    }
}
