package dev.polytrace.host.container;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A machine's files written under a temporary directory: processes, cgroups and runtime state. */
final class RecordedHost {
    final Path root;
    final StateRoots roots;

    RecordedHost(Path root) {
        this.root = root;
        this.roots = StateRoots.under(root);
    }

    /** A cgroup directory; returns its id (the directory's inode, as on cgroupfs). */
    long cgroup(String path) {
        Path dir = roots.cgroupV2().resolve(path.substring(1));
        try {
            Files.createDirectories(dir);
            return ((Number) Files.getAttribute(dir, "unix:ino")).longValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void removeCgroup(String path) {
        try {
            Files.delete(roots.cgroupV2().resolve(path.substring(1)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A process in {@code cgroupPath}, its /proc/PID/cgroup as a hybrid host writes it. */
    void process(int pid, String cgroupPath) {
        write(roots.proc().resolve(Integer.toString(pid)).resolve("cgroup"),
                "9:name=systemd:" + cgroupPath + "\n4:memory:" + cgroupPath + "\n0::" + cgroupPath + "\n");
    }

    void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
