package dev.polytrace.host.container;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A process's cgroup as {@code /proc/PID/cgroup} lists it: the v2 entry ({@code 0::/path}) when
 * there is one (v2 alone, or hybrid), else the v1 {@code name=systemd} entry, else the first one.
 */
final class ProcessCgroup {
    private ProcessCgroup() {
    }

    /** The cgroup path of {@code pid}; empty when the process is gone (or cannot be read). */
    static Optional<String> of(Path proc, int pid) {
        String text;
        try {
            text = Files.readString(proc.resolve(Integer.toString(pid)).resolve("cgroup"), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return parse(text);
    }

    static Optional<String> parse(String text) {
        String systemd = null;
        String first = null;
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            int second = colon < 0 ? -1 : line.indexOf(':', colon + 1);
            if (second < 0) {
                continue;
            }
            String hierarchy = line.substring(0, colon);
            String controllers = line.substring(colon + 1, second);
            String path = line.substring(second + 1);
            if (hierarchy.equals("0") && controllers.isEmpty()) {
                return Optional.of(path);
            }
            if (controllers.equals("name=systemd")) {
                systemd = path;
            } else if (first == null) {
                first = path;
            }
        }
        return Optional.ofNullable(systemd != null ? systemd : first);
    }
}
