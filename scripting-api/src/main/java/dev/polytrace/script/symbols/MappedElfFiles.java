package dev.polytrace.script.symbols;

import dev.polytrace.bpf.elf.ElfFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Parsed ELF files of mapped regions, shared by every process that maps the same file (same
 * device and inode) and kept least-recently-used within a byte budget, since an ElfFile holds
 * the whole file. Files that cannot be read or parsed are remembered as such. Thread-safe.
 */
final class MappedElfFiles {
    private static final long MAX_CACHED_BYTES = 256L << 20;
    private static final int MAX_CACHED_FILES = 64;
    private static final long MAX_FILE_BYTES = 1L << 30;
    private static final String DELETED = " (deleted)";

    private final Path procRoot;
    private final Map<String, Cached> cache = new LinkedHashMap<>(16, 0.75f, true);
    private long cachedBytes;

    private record Cached(Optional<ElfFile> elf, long bytes) {
    }

    MappedElfFiles(Path procRoot) {
        this.procRoot = procRoot;
    }

    synchronized Optional<ElfFile> elfOf(int pid, MappedRegion region) {
        Cached hit = cache.get(region.fileKey());
        if (hit != null) {
            return hit.elf();
        }
        Cached loaded = load(pid, region);
        cache.put(region.fileKey(), loaded);
        cachedBytes += loaded.bytes();
        evict();
        return loaded.elf();
    }

    private void evict() {
        Iterator<Cached> oldest = cache.values().iterator();
        while ((cachedBytes > MAX_CACHED_BYTES || cache.size() > MAX_CACHED_FILES) && oldest.hasNext()) {
            cachedBytes -= oldest.next().bytes();
            oldest.remove();
        }
    }

    /** The first readable ELF among the places the file can be reached from here. */
    private Cached load(int pid, MappedRegion region) {
        for (Path candidate : candidates(pid, region)) {
            try {
                long size = Files.size(candidate);
                if (size > MAX_FILE_BYTES) {
                    return new Cached(Optional.empty(), 0);
                }
                return new Cached(Optional.of(ElfFile.read(candidate)), size);
            } catch (IOException | RuntimeException e) {
                // not there from here, not readable, or not ELF: try the next way in
            }
        }
        return new Cached(Optional.empty(), 0);
    }

    /**
     * Through the process's root first (its mount namespace: containers), then the path as we
     * see it, then map_files (root only), which still reaches a deleted or replaced file.
     */
    private List<Path> candidates(int pid, MappedRegion region) {
        String path = region.path().endsWith(DELETED)
                ? region.path().substring(0, region.path().length() - DELETED.length()) : region.path();
        Path processDir = procRoot.resolve(Integer.toString(pid));
        List<Path> candidates = new ArrayList<>();
        candidates.add(processDir.resolve("root").resolve(path.substring(1)));
        candidates.add(Path.of(path));
        candidates.add(processDir.resolve("map_files")
                .resolve(Long.toHexString(region.start()) + "-" + Long.toHexString(region.end())));
        return candidates;
    }
}
