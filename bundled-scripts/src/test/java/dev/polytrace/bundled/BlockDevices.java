package dev.polytrace.bundled;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Which disk holds a file, as the kernel names it (vda, sda, nvme0n1), through /sys/dev/block. */
final class BlockDevices {
    private BlockDevices() {
    }

    static Optional<String> diskOf(Path path) throws IOException {
        long dev = (Long) Files.getAttribute(path, "unix:dev");
        long major = ((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL);
        long minor = (dev & 0xff) | ((dev >>> 12) & ~0xffL);
        Path sys = Path.of("/sys/dev/block", major + ":" + minor);
        if (major == 0 || !Files.exists(sys)) {
            return Optional.empty();
        }
        Path device = sys.toRealPath();
        if (Files.exists(device.resolve("partition"))) {
            device = device.getParent();
        }
        if (Files.exists(device.resolve("dm"))) {
            return Optional.empty(); // device-mapper: requests reach the disks below it, not this name
        }
        return Optional.of(device.getFileName().toString());
    }
}
