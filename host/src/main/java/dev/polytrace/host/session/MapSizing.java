package dev.polytrace.host.session;

import dev.polytrace.bpf.MapType;
import dev.polytrace.bpf.OpenBpfObject;
import dev.polytrace.bpf.OpenMap;
import dev.polytrace.host.input.UserError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Sizes maps before load where the object leaves that to user space, as C loaders do with
 * {@code bpf_map__set_max_entries} / {@code bpf_map__set_value_size}: libbpf-tools' cpudist
 * declares {@code start} without {@code max_entries} (its C code sets pid_max), futexctn a stack
 * trace map without {@code value_size} (its C code sets the stack depth). The kernel refuses to
 * create either as declared. Sizes the user or the package gives win; otherwise such a map gets
 * a default, announced in one line.
 */
final class MapSizing {
    /** For hash and array-like maps: libbpf-tools' usual MAX_ENTRIES, enough for every task of a busy host. */
    static final int DEFAULT_MAX_ENTRIES = 10240;
    /** For stack trace maps, whose entries are large: libbpf-tools' default --stack-storage-size. */
    static final int DEFAULT_STACK_ENTRIES = 1024;
    /** For ring buffers, whose max_entries is their size in bytes. */
    static final int DEFAULT_RINGBUF_BYTES = 256 * 1024;
    /** Frames of a stack trace map entry: the kernel's default perf_event_max_stack, one u64 each. */
    static final int STACK_FRAMES = 127;

    private MapSizing() {
    }

    /**
     * Applies {@code sizes} (max_entries by map name), then a default to every map that still
     * has none, and a value size to stack trace maps declared without one.
     *
     * @return one sentence per default applied
     */
    static List<String> apply(OpenBpfObject open, Map<String, Long> sizes) {
        sizes.forEach((name, entries) -> sizable(open, name).setMaxEntries((int) (long) entries));
        List<String> notices = new ArrayList<>();
        for (OpenMap map : open.maps()) {
            if (map.isInternal()) {
                continue;
            }
            OptionalInt entries = defaultMaxEntries(map.type());
            if (map.maxEntries() == 0 && entries.isPresent()) {
                map.setMaxEntries(entries.getAsInt());
                notices.add("map '" + map.name() + "' (" + map.type().displayName() + ") declares no max_entries,"
                        + " which its tool's C code would set: using " + entries.getAsInt() + " (--map-size "
                        + map.name() + "=N to choose)");
            }
            if (map.type() == MapType.STACK_TRACE && map.valueSize() == 0) {
                map.setValueSize(STACK_FRAMES * Long.BYTES);
                notices.add("map '" + map.name() + "' (stack_trace) declares no value_size: using " + STACK_FRAMES
                        + " frames (" + STACK_FRAMES * Long.BYTES + " bytes)");
            }
        }
        return notices;
    }

    /**
     * The max_entries a map of this type gets when it declares none; empty for types where 0 is
     * right (local storage maps, struct_ops) or that libbpf sizes itself (perf event arrays get
     * one entry per CPU).
     */
    static OptionalInt defaultMaxEntries(MapType type) {
        return switch (type) {
            case PERF_EVENT_ARRAY, SK_STORAGE, INODE_STORAGE, TASK_STORAGE, CGRP_STORAGE, CGROUP_STORAGE,
                 PERCPU_CGROUP_STORAGE, STRUCT_OPS, ARENA, UNSPEC -> OptionalInt.empty();
            case RINGBUF, USER_RINGBUF -> OptionalInt.of(DEFAULT_RINGBUF_BYTES);
            case STACK_TRACE -> OptionalInt.of(DEFAULT_STACK_ENTRIES);
            case CPUMAP -> OptionalInt.of(dev.polytrace.bpf.Cpus.possibleCount()); // one entry per CPU at most
            default -> OptionalInt.of(DEFAULT_MAX_ENTRIES);
        };
    }

    /** The map a size is given for: a map of the object's .maps (libbpf sizes its data-section maps). */
    private static OpenMap sizable(OpenBpfObject open, String name) {
        OpenMap map = open.findMap(name).orElseThrow(() -> new UserError("--map-size " + name + ": no map '" + name
                + "' in the object (maps: " + String.join(", ", open.maps().stream().filter(m -> !m.isInternal())
                .map(OpenMap::name).toList()) + ")"));
        if (map.isInternal()) {
            throw new UserError("--map-size " + name + ": " + name + " is libbpf's map of a data section: its size"
                    + " is the section's");
        }
        return map;
    }
}
