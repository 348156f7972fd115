package dev.polytrace.script.symbols;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The memory map of a process as {@code /proc/PID/maps} lists it, in address order. */
final class ProcessMaps {
    private final List<MappedRegion> regions;

    private ProcessMaps(List<MappedRegion> regions) {
        this.regions = regions;
    }

    /** Reads the maps file; empty when the process is gone or not ours to read. */
    static Optional<ProcessMaps> read(Path mapsFile) {
        try {
            return Optional.of(parse(Files.readAllLines(mapsFile)));
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    static ProcessMaps parse(List<String> lines) {
        List<MappedRegion> regions = new ArrayList<>(lines.size());
        for (String line : lines) {
            MappedRegion r = parseLine(line);
            if (r != null) {
                regions.add(r);
            }
        }
        regions.sort((a, b) -> Long.compareUnsigned(a.start(), b.start())); // the kernel lists them so already
        return new ProcessMaps(List.copyOf(regions));
    }

    List<MappedRegion> regions() {
        return regions;
    }

    Optional<MappedRegion> regionOf(long address) {
        int lo = 0;
        int hi = regions.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            MappedRegion r = regions.get(mid);
            if (Long.compareUnsigned(address, r.start()) < 0) {
                hi = mid - 1;
            } else if (Long.compareUnsigned(address, r.end()) >= 0) {
                lo = mid + 1;
            } else {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /** {@code 7f2a1c000000-7f2a1c028000 r--p 00000000 08:01 1835 /usr/lib/x86_64-linux-gnu/libc.so.6}. */
    private static MappedRegion parseLine(String line) {
        String[] f = line.strip().split("\\s+", 6);
        if (f.length < 5) {
            return null;
        }
        int dash = f[0].indexOf('-');
        if (dash < 0) {
            return null;
        }
        try {
            long start = Long.parseUnsignedLong(f[0].substring(0, dash), 16);
            long end = Long.parseUnsignedLong(f[0].substring(dash + 1), 16);
            long offset = Long.parseUnsignedLong(f[2], 16);
            long inode = Long.parseLong(f[4]);
            String path = f.length > 5 ? f[5].strip() : "";
            return new MappedRegion(start, end, f[1], offset, f[3], inode, path);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
