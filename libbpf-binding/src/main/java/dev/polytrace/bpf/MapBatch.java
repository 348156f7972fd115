package dev.polytrace.bpf;

import dev.polytrace.bpf.internal.Native;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import jnr.ffi.Pointer;
import jnr.ffi.byref.IntByReference;

/**
 * BPF_MAP_LOOKUP_BATCH and friends: whole-map reads (and read-and-deletes) in a few syscalls
 * instead of two per key.
 */
final class MapBatch {
    private static final int CHUNK = 256;
    private static final int OPTS_SIZE = 24;

    private MapBatch() {
    }

    /** All entries, or empty when this kernel or map type has no batch lookup. */
    static Optional<List<MapEntry>> lookupAll(BpfMap map, int fd) {
        return readAll(map, fd, false);
    }

    /**
     * All entries, each deleted by the kernel in the same step as it is copied out
     * (BPF_MAP_LOOKUP_AND_DELETE_BATCH), so an update the BPF side makes later lands in a new entry
     * instead of being wiped; empty when this kernel or map type lacks it (arrays always do).
     */
    static Optional<List<MapEntry>> lookupAndDeleteAll(BpfMap map, int fd) {
        return readAll(map, fd, true);
    }

    private static Optional<List<MapEntry>> readAll(BpfMap map, int fd, boolean delete) {
        String call = delete ? "bpf_map_lookup_and_delete_batch" : "bpf_map_lookup_batch";
        int keySize = map.keySize();
        int valueSize = map.lookupValueSize();
        int tokenSize = Math.max(keySize, 8);
        Pointer inToken = Native.allocate(tokenSize);
        Pointer outToken = Native.allocate(tokenSize);
        Pointer keys = Native.allocate((long) keySize * CHUNK);
        Pointer values = Native.allocate((long) valueSize * CHUNK);
        Pointer opts = Native.allocate(OPTS_SIZE);
        opts.putLong(0, OPTS_SIZE);
        List<MapEntry> entries = new ArrayList<>();
        boolean first = true;
        while (true) {
            IntByReference count = new IntByReference(CHUNK);
            Pointer in = first ? null : inToken;
            int rc = delete
                    ? Native.libbpf().bpf_map_lookup_and_delete_batch(fd, in, outToken, keys, values, count, opts)
                    : Native.libbpf().bpf_map_lookup_batch(fd, in, outToken, keys, values, count, opts);
            if (rc < 0 && rc != -Errno.ENOENT) {
                if (first && (rc == -Errno.EINVAL || rc == -Errno.ENOTSUPP || rc == -Errno.EOPNOTSUPP)) {
                    return Optional.empty();
                }
                Native.check(rc, call + "(" + map.name() + ")");
            }
            int n = count.getValue();
            byte[] keyBytes = new byte[keySize * n];
            byte[] valueBytes = new byte[valueSize * n];
            keys.get(0, keyBytes, 0, keyBytes.length);
            values.get(0, valueBytes, 0, valueBytes.length);
            for (int i = 0; i < n; i++) {
                entries.add(new MapEntry(Arrays.copyOfRange(keyBytes, i * keySize, (i + 1) * keySize),
                        Arrays.copyOfRange(valueBytes, i * valueSize, (i + 1) * valueSize)));
            }
            if (rc == -Errno.ENOENT) {
                return Optional.of(entries);
            }
            byte[] token = new byte[tokenSize];
            outToken.get(0, token, 0, tokenSize);
            inToken.put(0, token, 0, tokenSize);
            first = false;
        }
    }

    /** Writes every entry in one BPF_MAP_UPDATE_BATCH call; false when the kernel lacks it for this map. */
    static boolean updateAll(BpfMap map, int fd, List<MapEntry> entries, long flags) {
        int keySize = map.keySize();
        int valueSize = map.lookupValueSize();
        Pointer keys = Native.allocate((long) keySize * Math.max(1, entries.size()));
        Pointer values = Native.allocate((long) valueSize * Math.max(1, entries.size()));
        for (int i = 0; i < entries.size(); i++) {
            keys.put((long) i * keySize, entries.get(i).key(), 0, keySize);
            values.put((long) i * valueSize, entries.get(i).value(), 0, valueSize);
        }
        Pointer opts = Native.allocate(OPTS_SIZE);
        opts.putLong(0, OPTS_SIZE);
        opts.putLong(8, flags); // elem_flags
        IntByReference count = new IntByReference(entries.size());
        int rc = Native.libbpf().bpf_map_update_batch(fd, keys, values, count, opts);
        if (rc == -Errno.EINVAL || rc == -Errno.ENOTSUPP || rc == -Errno.EOPNOTSUPP) {
            if (count.getValue() == 0) {
                return false;
            }
        }
        Native.check(rc, "bpf_map_update_batch(" + map.name() + ")");
        return true;
    }

    /** Deletes every key in one BPF_MAP_DELETE_BATCH call; false when the kernel lacks it for this map. */
    static boolean deleteAll(BpfMap map, int fd, List<byte[]> keyList) {
        int keySize = map.keySize();
        Pointer keys = Native.allocate((long) keySize * Math.max(1, keyList.size()));
        for (int i = 0; i < keyList.size(); i++) {
            keys.put((long) i * keySize, keyList.get(i), 0, keySize);
        }
        Pointer opts = Native.allocate(OPTS_SIZE);
        opts.putLong(0, OPTS_SIZE);
        IntByReference count = new IntByReference(keyList.size());
        int rc = Native.libbpf().bpf_map_delete_batch(fd, keys, count, opts);
        if ((rc == -Errno.EINVAL || rc == -Errno.ENOTSUPP || rc == -Errno.EOPNOTSUPP) && count.getValue() == 0) {
            return false;
        }
        Native.check(rc, "bpf_map_delete_batch(" + map.name() + ")");
        return true;
    }
}
