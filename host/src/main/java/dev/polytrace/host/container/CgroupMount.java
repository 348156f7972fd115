package dev.polytrace.host.container;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Where the cgroup v2 hierarchy is mounted: alone, or beside the v1 controllers (hybrid). */
final class CgroupMount {
    private static final Path DEFAULT = Path.of("/sys/fs/cgroup");

    private CgroupMount() {
    }

    /** The first cgroup2 mount point of {@code mountinfo}; {@code /sys/fs/cgroup} if none is listed. */
    static Path v2Root(Path mountinfo) {
        try {
            return v2Root(Files.readAllLines(mountinfo));
        } catch (IOException e) {
            return DEFAULT;
        }
    }

    /** mountinfo lines: "ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [TAGS] - FSTYPE SOURCE SUPER". */
    static Path v2Root(List<String> mountinfo) {
        for (String line : mountinfo) {
            String[] halves = line.split(" - ", 2);
            if (halves.length == 2 && halves[1].startsWith("cgroup2 ")) {
                String[] fields = halves[0].split(" ");
                if (fields.length > 4) {
                    return Path.of(fields[4].replace("\\040", " "));
                }
            }
        }
        return DEFAULT;
    }
}
