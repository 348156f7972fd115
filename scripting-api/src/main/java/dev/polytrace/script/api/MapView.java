package dev.polytrace.script.api;

import dev.polytrace.bpf.BpfException;
import dev.polytrace.bpf.BpfMap;
import dev.polytrace.bpf.Cpus;
import dev.polytrace.bpf.MapEntry;
import dev.polytrace.bpf.UpdateMode;
import dev.polytrace.bpf.btf.Btf;
import dev.polytrace.bpf.btf.BtfType;
import dev.polytrace.script.codec.CodecException;
import dev.polytrace.script.codec.PerCpuSum;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Value;

/**
 * {@code ctx.maps.NAME}: one BPF map, with keys and values decoded and encoded through the BTF
 * types the map declares (structs as objects, {@code char[]} as strings, numbers; without BTF,
 * integers by size or lists of bytes).
 *
 * <p>Per-CPU maps: {@code get} and {@code entries} give a list with one value per possible CPU,
 * or with the option {@code {sum: true}} the total (see {@link PerCpuSum}). {@code set} takes a
 * list of one value per CPU, or a single value that is written to every CPU (as bpftool does);
 * the option {@code {perCpu: true|false}} says which when a list value is ambiguous.
 *
 * <p>Every failure names the map and the operation: {@code ctx.maps.counts.set key: 70000 is out
 * of range for unsigned short (field .port)}.
 */
public final class MapView {
    private static final Set<String> READ_OPTIONS = Set.of("sum");
    private static final Set<String> WRITE_OPTIONS = Set.of("perCpu");

    /** The map's name, as in the object ({@code counts}, {@code tracer.bss}). */
    @HostAccess.Export
    public final String name;
    /** The map type as bpftool names it: {@code hash}, {@code percpu_array}, {@code lru_hash}, ... */
    @HostAccess.Export
    public final String type;
    /** The key's C type, e.g. {@code struct key}, or its size when the map has no BTF. */
    @HostAccess.Export
    public final String keyType;
    /** The value's C type (one CPU's value for per-CPU maps). */
    @HostAccess.Export
    public final String valueType;
    @HostAccess.Export
    public final int maxEntries;
    @HostAccess.Export
    public final boolean perCpu;

    private final BpfMap map;
    private final MapSlotCodec keys;
    private final MapSlotCodec values;

    private MapView(BpfMap map, MapSlotCodec keys, MapSlotCodec values) {
        this.map = map;
        this.keys = keys;
        this.values = values;
        this.name = map.name();
        this.type = map.type().displayName();
        this.keyType = keys.typeName();
        this.valueType = values.typeName();
        this.maxEntries = map.maxEntries();
        this.perCpu = map.type().isPerCpu();
    }

    /** A view through the key and value types the map declares in {@code btf} (null: none). */
    public static MapView of(BpfMap map, Btf btf) {
        return new MapView(map, MapSlotCodec.of(btf, map.btfKeyTypeId(), map.keySize(), map.type()),
                MapSlotCodec.of(btf, map.btfValueTypeId(), map.valueSize(), map.type()));
    }

    /** A view through chosen types, e.g. for a map created without BTF; null reads by size. */
    public static MapView of(BpfMap map, BtfType keyType, BtfType valueType) {
        return new MapView(map, MapSlotCodec.of(keyType, map.keySize()), MapSlotCodec.of(valueType, map.valueSize()));
    }

    /** The value for {@code key}, or null (None) when the map has none. */
    @HostAccess.Export
    public Object get(Value key) {
        return get(key, null);
    }

    /** With {@code {sum: true}}, a per-CPU map's value is the total over CPUs. */
    @HostAccess.Export
    public Object get(Value key, Value options) {
        boolean sum = GuestOptions.read(options, where("get"), READ_OPTIONS).flag("sum", false);
        byte[] k = keyBytes(key, "get");
        Optional<byte[]> found = kernel("get", () -> map.lookup(k));
        return found.map(v -> GuestValues.toGuest(decodeValue(v, sum, "get"))).orElse(null);
    }

    @HostAccess.Export
    public boolean has(Value key) {
        byte[] k = keyBytes(key, "has");
        return kernel("has", () -> map.lookup(k)).isPresent();
    }

    @HostAccess.Export
    public void set(Value key, Value value) {
        set(key, value, null);
    }

    /** With {@code {perCpu: true}}, a list value gives each CPU its own value. */
    @HostAccess.Export
    public void set(Value key, Value value, Value options) {
        Boolean perCpuOption = GuestOptions.read(options, where("set"), WRITE_OPTIONS).flag("perCpu");
        byte[] k = keyBytes(key, "set");
        Object v = GuestValues.toJava(value, where("set") + " value");
        if (!perCpu) {
            byte[] bytes = encode(values, v, "set", "value");
            kernel("set", () -> {
                map.update(k, bytes, UpdateMode.ANY);
                return null;
            });
            return;
        }
        List<byte[]> perCpuBytes = perCpuBytes(v, perCpuOption);
        kernel("set", () -> {
            map.updatePerCpu(k, perCpuBytes, UpdateMode.ANY);
            return null;
        });
    }

    /** Removes the key; false when it was not there. Array maps cannot delete: set a zero value. */
    @HostAccess.Export
    public boolean delete(Value key) {
        byte[] k = keyBytes(key, "delete");
        return kernel("delete", () -> map.delete(k));
    }

    /** Every key, in the kernel's order (array maps: every index). */
    @HostAccess.Export
    public Object keys() {
        List<Object> decoded = new ArrayList<>();
        for (byte[] k : kernel("keys", map::keys)) {
            decoded.add(decode(keys, k, "keys", "key"));
        }
        return GuestValues.toGuest(decoded);
    }

    /** Every entry as {@code {key, value}}. */
    @HostAccess.Export
    public Object entries() {
        return entries(null);
    }

    /** With {@code {sum: true}}, per-CPU values are totals. */
    @HostAccess.Export
    public Object entries(Value options) {
        boolean sum = GuestOptions.read(options, where("entries"), READ_OPTIONS).flag("sum", false);
        List<Object> records = new ArrayList<>();
        for (Map.Entry<Object, Object> e : decodedEntries(sum, "entries")) {
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("key", e.getKey());
            record.put("value", e.getValue());
            records.add(record);
        }
        return GuestValues.toGuest(records);
    }

    /** Removes every key (array maps: zeroes every value); returns how many. */
    @HostAccess.Export
    public int clear() {
        return kernel("clear", map::clear);
    }

    /** Number of keys (array maps: max entries). */
    @HostAccess.Export
    public int size() {
        return kernel("size", map::keys).size();
    }

    /** Decoded entries for Java callers (ctx.hist); keys and values are plain Java. */
    List<Map.Entry<Object, Object>> decodedEntries(boolean sum, String op) {
        List<Map.Entry<Object, Object>> decoded = new ArrayList<>();
        for (MapEntry e : kernel(op, map::entries)) {
            decoded.add(new SimpleImmutableEntry<>(decode(keys, e.key(), op, "key"),
                    decodeValue(e.value(), sum, op)));
        }
        return decoded;
    }

    private Object decodeValue(byte[] all, boolean sum, String op) {
        if (!perCpu) {
            return decode(values, all, op, "value");
        }
        int size = map.valueSize();
        int slot = (size + 7) & ~7; // the kernel pads each CPU's value to 8 bytes
        List<Object> perCpuValues = new ArrayList<>();
        for (int off = 0; off + size <= all.length; off += slot) {
            perCpuValues.add(decode(values, Arrays.copyOfRange(all, off, off + size), op, "value"));
        }
        return sum ? PerCpuSum.of(perCpuValues) : perCpuValues;
    }

    /** One value per possible CPU: the list given, or the single value repeated. */
    private List<byte[]> perCpuBytes(Object v, Boolean perCpuOption) {
        int cpus = kernel("set", Cpus::possibleCount);
        boolean listPerCpu = perCpuOption != null ? perCpuOption
                : v instanceof List<?> l && l.size() == cpus && !values.decodesToList();
        if (!listPerCpu) {
            return Collections.nCopies(cpus, encode(values, v, "set", "value"));
        }
        if (!(v instanceof List<?> list) || list.size() != cpus) {
            throw new HandlerValueException(where("set") + ": with perCpu, the value must be a list of " + cpus
                    + " values (one per possible CPU), got " + describe(v));
        }
        List<byte[]> out = new ArrayList<>(cpus);
        for (int cpu = 0; cpu < cpus; cpu++) {
            out.add(encode(values, list.get(cpu), "set", "value [cpu " + cpu + "]"));
        }
        return out;
    }

    private byte[] keyBytes(Value key, String op) {
        requireKeyed(op);
        if (key == null || key.isNull()) {
            throw new HandlerValueException(where(op) + ": a key is needed (" + keyType + "), got "
                    + (key == null ? "nothing" : key.toString()));
        }
        return encode(keys, GuestValues.toJava(key, where(op) + " key"), op, "key");
    }

    private byte[] encode(MapSlotCodec codec, Object value, String op, String part) {
        try {
            return codec.encode(value, where(op) + " " + part);
        } catch (CodecException e) {
            throw new HandlerValueException(e.getMessage(), e);
        }
    }

    private Object decode(MapSlotCodec codec, byte[] bytes, String op, String part) {
        try {
            return codec.decode(bytes);
        } catch (CodecException e) {
            throw new HandlerValueException(where(op) + " " + part + ": " + e.getMessage(), e);
        }
    }

    private <T> T kernel(String op, Supplier<T> call) {
        requireKeyed(op);
        try {
            return call.get();
        } catch (BpfException e) {
            throw new HandlerApiException(where(op) + ": " + e.getMessage(), e);
        }
    }

    private void requireKeyed(String op) {
        if (map.type().isEventStream()) {
            throw new HandlerApiException(where(op) + ": " + name + " is a " + type + " map; its records reach"
                    + " the handler as events (onEvent), not through ctx.maps");
        }
    }

    private String where(String op) {
        return "ctx.maps." + name + "." + op;
    }

    private static String describe(Object v) {
        return v instanceof List<?> l ? "a list of " + l.size() : String.valueOf(v);
    }

    @Override
    public String toString() {
        return "map " + name + " (" + type + ", " + keyType + " -> " + valueType + ", max " + maxEntries + ")";
    }
}
