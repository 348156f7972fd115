package dev.polytrace.bpf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Where the cgroup v2 hierarchy is mounted: /sys/fs/cgroup on unified systems, .../unified on hybrid ones. */
public final class Cgroups {
    private Cgroups() {
    }

    public static Optional<Path> v2Root() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/mounts"))) {
                String[] f = line.split(" ");
                if (f.length > 2 && f[2].equals("cgroup2")) {
                    return Optional.of(Path.of(f[1]));
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** The cgroup v2 root, or a clear error: cgroup programs attach only to v2 directories. */
    public static Path requireV2Root() {
        return v2Root().orElseThrow(() -> new FeatureUnavailableException("finding the cgroup v2 hierarchy",
                Errno.ENOENT, "no cgroup2 filesystem is mounted (mount -t cgroup2 none /sys/fs/cgroup/unified)"));
    }
}
