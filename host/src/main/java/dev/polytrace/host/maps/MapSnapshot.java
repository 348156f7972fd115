package dev.polytrace.host.maps;

import dev.polytrace.bpf.BpfMap;
import dev.polytrace.bpf.MapEntry;
import dev.polytrace.bpf.btf.Btf;
import dev.polytrace.bpf.btf.BtfType;
import dev.polytrace.script.codec.BtfCodec;
import dev.polytrace.script.codec.PerCpuSum;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A map's entries at one moment, decoded through the object's BTF as a handler sees them
 * ({@link BtfCodec}'s value model), with per-CPU values summed over the CPUs ({@link PerCpuSum}).
 * An array's all-zero indexes are left out: every index of an array exists, and one nobody wrote
 * is not an entry anyone put there. Without BTF, keys and values of 1, 2, 4 or 8 bytes read as
 * little-endian integers and others as hex.
 *
 * @param valueTypeName the value's C type as declared ({@code hist_t}, {@code struct hist}), "" without BTF
 * @param source        whether a map holds the entries or a global variable read as one ({@link GlobalSnapshots})
 */
public record MapSnapshot(String name, String valueTypeName, List<Entry> entries, Source source) {
    private static final BtfCodec CODEC = new BtfCodec();

    /** What holds the contents; its JSON key names it in a printed record ({@code "map"} or {@code "global"}). */
    public enum Source {
        MAP("map"), GLOBAL("global");

        private final String jsonKey;

        Source(String jsonKey) {
            this.jsonKey = jsonKey;
        }

        public String jsonKey() {
            return jsonKey;
        }
    }

    /**
     * One decoded entry.
     *
     * @param key null for a global variable that is not an array: its one value has no key
     */
    public record Entry(Object key, Object value) {
    }

    public MapSnapshot {
        entries = List.copyOf(entries);
        Objects.requireNonNull(source, "source");
    }

    /** A map's entries. */
    public MapSnapshot(String name, String valueTypeName, List<Entry> entries) {
        this(name, valueTypeName, entries, Source.MAP);
    }

    /** Reads every entry of {@code map} now. */
    public static MapSnapshot read(BpfMap map, Btf btf) {
        return of(map, btf, map.entries());
    }

    /** Decodes entries already read from {@code map} (e.g. taken out by {@link BpfMap#drain()}). */
    public static MapSnapshot of(BpfMap map, Btf btf, List<MapEntry> raw) {
        BtfType keyType = map.btfKeyTypeId() > 0 ? btf.type(map.btfKeyTypeId()) : null;
        BtfType valueType = map.btfValueTypeId() > 0 ? btf.type(map.btfValueTypeId()) : null;
        List<Entry> entries = new ArrayList<>();
        for (MapEntry e : raw) {
            if (map.type().isArray() && allZero(e.value())) {
                continue;
            }
            Object value = map.type().isPerCpu()
                    ? PerCpuSum.of(perCpu(valueType, map.valueSize(), e.value())) : decode(valueType, e.value());
            entries.add(new Entry(decode(keyType, e.key()), value));
        }
        return new MapSnapshot(map.name(), valueType == null ? "" : valueType.cName(), entries);
    }

    /** One value per possible CPU, decoded: the kernel pads each CPU's value to 8 bytes. */
    public static List<Object> perCpu(BtfType type, int valueSize, byte[] all) {
        int slot = (valueSize + 7) & ~7;
        List<Object> values = new ArrayList<>();
        for (int off = 0; off + valueSize <= all.length; off += slot) {
            values.add(decode(type, Arrays.copyOfRange(all, off, off + valueSize)));
        }
        return values;
    }

    /** Through BTF when the map has it; else integers by size, other sizes as hex. */
    public static Object decode(BtfType type, byte[] bytes) {
        if (type != null) {
            return CODEC.decode(type, bytes);
        }
        if (bytes.length == 1 || bytes.length == 2 || bytes.length == 4 || bytes.length == 8) {
            long v = 0;
            for (int i = bytes.length - 1; i >= 0; i--) {
                v = (v << 8) | (bytes[i] & 0xff);
            }
            return v;
        }
        return HexFormat.of().formatHex(bytes);
    }

    static boolean allZero(byte[] bytes) {
        for (byte b : bytes) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
