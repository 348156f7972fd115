package dev.polytrace.host.container;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

/**
 * The cgroup v2 hierarchy, where a cgroup's id (what {@code bpf_get_current_cgroup_id()} returns)
 * is the inode number of its directory. Paths are the hierarchy's own ({@code /libpod_parent/libpod-ID}),
 * as {@code /proc/PID/cgroup} writes them.
 */
final class CgroupTree {
    private static final int MAX_DEPTH = 16;

    private final Path root;

    CgroupTree(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    /** The id of the cgroup at {@code path}; empty when there is none (gone, or no v2 hierarchy). */
    Optional<Long> idOf(String path) {
        Path dir = directory(path);
        try {
            Object inode = Files.getAttribute(dir, "unix:ino");
            return Optional.of(((Number) inode).longValue());
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    boolean exists(String path) {
        return Files.isDirectory(directory(path));
    }

    Path directory(String path) {
        String relative = path.startsWith("/") ? path.substring(1) : path;
        return relative.isEmpty() ? root : root.resolve(relative);
    }

    /** Every cgroup now, id to path. */
    Map<Long, String> index() {
        Map<Long, String> byId = new HashMap<>();
        walk((id, path) -> byId.put(id, path));
        return byId;
    }

    /** Calls {@code visit} with the id and path of every cgroup; one that vanishes meanwhile is skipped. */
    void walk(BiConsumer<Long, String> visit) {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> dirs = Files.walk(root, MAX_DEPTH)) {
            dirs.forEach(dir -> {
                try {
                    BasicFileAttributes attrs = Files.readAttributes(dir, BasicFileAttributes.class);
                    if (attrs.isDirectory()) {
                        Object inode = Files.getAttribute(dir, "unix:ino");
                        String relative = root.relativize(dir).toString();
                        visit.accept(((Number) inode).longValue(), "/" + relative);
                    }
                } catch (IOException | UnsupportedOperationException e) {
                    // removed while walking
                }
            });
        } catch (IOException | java.io.UncheckedIOException e) {
            // a directory removed while walking ends this walk; the next lookup walks again
        }
    }
}
