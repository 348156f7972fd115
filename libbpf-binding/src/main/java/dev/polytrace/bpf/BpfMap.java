package dev.polytrace.bpf;

import dev.polytrace.bpf.internal.Native;
import dev.polytrace.bpf.internal.NativeResource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import jnr.ffi.Pointer;
import jnr.ffi.byref.IntByReference;

/**
 * A map in the kernel, read and written as raw bytes (decoding is the caller's, through BTF).
 * Per-CPU maps hold one value per possible CPU, each padded to 8 bytes.
 */
public final class BpfMap implements AutoCloseable {
    private final BpfObject owner;
    private NativeResource standaloneFd; // set once, for maps created on their own
    private final String name;
    private final int fd;
    private final MapType type;
    private final int keySize;
    private final int valueSize;
    private final int maxEntries;
    private final int btfKeyTypeId;
    private final int btfValueTypeId;
    private final boolean internal;
    private volatile Boolean batchSupported;
    private volatile Boolean batchDrainSupported;

    private BpfMap(BpfObject owner, NativeResource standaloneFd, String name, int fd, MapType type, int keySize,
            int valueSize, int maxEntries, int btfKeyTypeId, int btfValueTypeId, boolean internal) {
        this.owner = owner;
        this.standaloneFd = standaloneFd;
        this.name = name;
        this.fd = fd;
        this.type = type;
        this.keySize = keySize;
        this.valueSize = valueSize;
        this.maxEntries = maxEntries;
        this.btfKeyTypeId = btfKeyTypeId;
        this.btfValueTypeId = btfValueTypeId;
        this.internal = internal;
    }

    static BpfMap fromObject(BpfObject owner, OpenMap m) {
        return new BpfMap(owner, null, m.name(), Native.libbpf().bpf_map__fd(m.handle()), m.type(), m.keySize(),
                m.valueSize(), m.maxEntries(), m.btfKeyTypeId(), m.btfValueTypeId(), m.isInternal());
    }

    /** A map of its own, not part of an object (probes, tests, scratch state); close it when done. */
    public static BpfMap create(MapType type, String name, int keySize, int valueSize, int maxEntries) {
        int fd = Native.libbpf().bpf_map_create(type.code(), name, keySize, valueSize, maxEntries, null);
        if (fd < 0) {
            throw new BpfException("bpf_map_create(" + type.displayName() + " " + name + ")", -fd, null);
        }
        BpfMap map = new BpfMap(null, null, name, fd, type, keySize, valueSize, maxEntries, 0, 0, false);
        map.standaloneFd = new NativeResource(map, () -> Native.closeFd(fd));
        return map;
    }

    public String name() {
        return name;
    }

    public MapType type() {
        return type;
    }

    public int keySize() {
        return keySize;
    }

    /** Size of one value; for per-CPU maps, of one CPU's value. */
    public int valueSize() {
        return valueSize;
    }

    public int maxEntries() {
        return maxEntries;
    }

    public int btfKeyTypeId() {
        return btfKeyTypeId;
    }

    public int btfValueTypeId() {
        return btfValueTypeId;
    }

    /** One of the maps libbpf makes for an object's .rodata/.bss/.data/.kconfig sections. */
    public boolean isInternal() {
        return internal;
    }

    /** The map's file descriptor, for readers and attach calls; valid while the map is open. */
    public int fd() {
        requireOpen();
        return fd;
    }

    /** Bytes of one lookup result: valueSize, or per-CPU slots of round_up(valueSize, 8) each. */
    public int lookupValueSize() {
        return type.isPerCpu() ? perCpuSlotSize() * Cpus.possibleCount() : valueSize;
    }

    int perCpuSlotSize() {
        return (valueSize + 7) & ~7;
    }

    public MapInfo info() {
        requireOpen();
        Pointer info = Native.allocate(88);
        IntByReference length = new IntByReference(88);
        Native.check(Native.libbpf().bpf_obj_get_info_by_fd(fd, info, length), "bpf_obj_get_info_by_fd(" + name + ")");
        byte[] nameBytes = new byte[16];
        info.get(24, nameBytes, 0, 16);
        int end = 0;
        while (end < 16 && nameBytes[end] != 0) {
            end++;
        }
        return new MapInfo(new String(nameBytes, 0, end), info.getInt(4), MapType.of(info.getInt(0)), info.getInt(8),
                info.getInt(12), info.getInt(16), info.getInt(20), info.getInt(68), info.getInt(72));
    }

    public Optional<byte[]> lookup(byte[] key) {
        Pointer k = keyPointer(key, "lookup");
        Pointer v = Native.allocate(lookupValueSize());
        int rc = Native.libbpf().bpf_map_lookup_elem(fd, k, v);
        if (rc == -Errno.ENOENT) {
            return Optional.empty();
        }
        Native.check(rc, "bpf_map_lookup_elem(" + name + ")");
        byte[] out = new byte[lookupValueSize()];
        v.get(0, out, 0, out.length);
        return Optional.of(out);
    }

    /** One value per possible CPU, each trimmed to {@link #valueSize()}. */
    public Optional<List<byte[]>> lookupPerCpu(byte[] key) {
        requirePerCpu("lookupPerCpu");
        return lookup(key).map(this::splitPerCpu);
    }

    public void update(byte[] key, byte[] value) {
        update(key, value, UpdateMode.ANY);
    }

    public void update(byte[] key, byte[] value, UpdateMode mode) {
        Pointer k = keyPointer(key, "update");
        if (value.length != lookupValueSize()) {
            throw new BpfException("bpf_map_update_elem(" + name + ")", Errno.EINVAL,
                    "value has " + value.length + " bytes, map " + name + " takes " + lookupValueSize());
        }
        Native.check(Native.libbpf().bpf_map_update_elem(fd, k, Native.copyOf(value), mode.flag()),
                "bpf_map_update_elem(" + name + ")");
    }

    public void updatePerCpu(byte[] key, List<byte[]> values, UpdateMode mode) {
        requirePerCpu("updatePerCpu");
        int cpus = Cpus.possibleCount();
        if (values.size() != cpus) {
            throw new BpfException("bpf_map_update_elem(" + name + ")", Errno.EINVAL,
                    values.size() + " values given, this machine has " + cpus + " possible CPUs");
        }
        byte[] all = new byte[lookupValueSize()];
        for (int cpu = 0; cpu < cpus; cpu++) {
            byte[] v = values.get(cpu);
            if (v.length != valueSize) {
                throw new BpfException("bpf_map_update_elem(" + name + ")", Errno.EINVAL,
                        "value for CPU " + cpu + " has " + v.length + " bytes, expected " + valueSize);
            }
            System.arraycopy(v, 0, all, cpu * perCpuSlotSize(), valueSize);
        }
        update(key, all, mode);
    }

    /** Deletes the key; false when it was not there. Array maps cannot delete and say so. */
    public boolean delete(byte[] key) {
        if (type.isArray()) {
            throw new BpfException("bpf_map_delete_elem(" + name + ")", Errno.EINVAL,
                    type.displayName() + " maps have every index; write a zero value instead");
        }
        int rc = Native.libbpf().bpf_map_delete_elem(fd, keyPointer(key, "delete"));
        if (rc == -Errno.ENOENT) {
            return false;
        }
        Native.check(rc, "bpf_map_delete_elem(" + name + ")");
        return true;
    }

    /** Every key, in the kernel's iteration order. */
    public List<byte[]> keys() {
        requireKeyed("keys");
        List<byte[]> keys = new ArrayList<>();
        Pointer current = null;
        Pointer next = Native.allocate(keySize);
        while (true) {
            int rc = Native.libbpf().bpf_map_get_next_key(fd, current, next);
            if (rc == -Errno.ENOENT) {
                return keys;
            }
            Native.check(rc, "bpf_map_get_next_key(" + name + ")");
            byte[] k = new byte[keySize];
            next.get(0, k, 0, keySize);
            keys.add(k);
            if (keys.size() > maxEntries + 1L) {
                return keys; // keys deleted under us can restart iteration; never loop forever
            }
            current = Native.copyOf(k);
        }
    }

    /** Every entry; uses batched lookups where the kernel has them, else key by key. */
    public List<MapEntry> entries() {
        requireKeyed("entries");
        if (!Boolean.FALSE.equals(batchSupported)) {
            Optional<List<MapEntry>> batched = MapBatch.lookupAll(this, fd);
            batchSupported = batched.isPresent();
            if (batched.isPresent()) {
                return batched.get();
            }
        }
        List<MapEntry> entries = new ArrayList<>();
        for (byte[] key : keys()) {
            lookup(key).ifPresent(value -> entries.add(new MapEntry(key, value)));
        }
        return entries;
    }

    /**
     * Every entry, each deleted as it is read: BPF_MAP_LOOKUP_AND_DELETE_BATCH where the kernel has
     * it, else bpf_map_lookup_and_delete_elem key by key, else a lookup then a delete of that one
     * key. An update the BPF side makes after its entry was taken creates a new entry for the next
     * drain, where reading everything and then clearing would wipe it unread. Arrays cannot delete
     * their indexes and say so.
     */
    public List<MapEntry> drain() {
        requireKeyed("drain");
        if (type.isArray()) {
            throw new BpfException("drain of map " + name, Errno.EINVAL,
                    type.displayName() + " maps have every index; nothing can be taken out of them");
        }
        if (!Boolean.FALSE.equals(batchDrainSupported)) {
            Optional<List<MapEntry>> batched = MapBatch.lookupAndDeleteAll(this, fd);
            batchDrainSupported = batched.isPresent();
            if (batched.isPresent()) {
                return batched.get();
            }
        }
        List<MapEntry> entries = new ArrayList<>();
        for (byte[] key : keys()) {
            takeOne(key).ifPresent(value -> entries.add(new MapEntry(key, value)));
        }
        return entries;
    }

    /** Whether the last {@link #drain()} used the kernel's batch API (null before the first call). */
    public Boolean drainedInBatch() {
        return batchDrainSupported;
    }

    private Optional<byte[]> takeOne(byte[] key) {
        Pointer k = keyPointer(key, "drain");
        Pointer v = Native.allocate(lookupValueSize());
        int rc = Native.libbpf().bpf_map_lookup_and_delete_elem(fd, k, v);
        if (rc == -Errno.EINVAL || rc == -Errno.ENOTSUPP || rc == -Errno.EOPNOTSUPP) {
            // Kernels before 5.14 take no hash entry out in one step: the window is this one key's.
            Optional<byte[]> value = lookup(key);
            value.ifPresent(x -> delete(key));
            return value;
        }
        if (rc == -Errno.ENOENT) {
            return Optional.empty();
        }
        Native.check(rc, "bpf_map_lookup_and_delete_elem(" + name + ")");
        byte[] out = new byte[lookupValueSize()];
        v.get(0, out, 0, out.length);
        return Optional.of(out);
    }

    /** Whether the last {@link #entries()} used the kernel's batch API (null before the first call). */
    public Boolean usedBatch() {
        return batchSupported;
    }

    /**
     * Writes many entries at once: one BPF_MAP_UPDATE_BATCH syscall where the kernel has it for
     * this map type, else one update per entry. Keys and values are checked like {@link #update}.
     */
    public void updateAll(List<MapEntry> entries, UpdateMode mode) {
        requireKeyed("updateAll");
        for (MapEntry e : entries) {
            checkSizes(e, "updateAll");
        }
        if (entries.isEmpty() || MapBatch.updateAll(this, fd, entries, mode.flag())) {
            return;
        }
        for (MapEntry e : entries) {
            update(e.key(), e.value(), mode);
        }
    }

    /** Deletes many keys at once (BPF_MAP_DELETE_BATCH where available); every key must exist. */
    public void deleteAll(List<byte[]> keys) {
        requireKeyed("deleteAll");
        if (type.isArray()) {
            throw new BpfException("deleteAll on map " + name, Errno.EINVAL,
                    type.displayName() + " maps have every index; write zero values instead");
        }
        for (byte[] key : keys) {
            keyPointer(key, "deleteAll");
        }
        if (keys.isEmpty() || MapBatch.deleteAll(this, fd, keys)) {
            return;
        }
        for (byte[] key : keys) {
            if (!delete(key)) {
                throw new BpfException("bpf_map_delete_elem(" + name + ")", Errno.ENOENT, "no such key");
            }
        }
    }

    private void checkSizes(MapEntry e, String operation) {
        keyPointer(e.key(), operation);
        if (e.value().length != lookupValueSize()) {
            throw new BpfException(operation + " on map " + name, Errno.EINVAL,
                    "value has " + e.value().length + " bytes, map " + name + " takes " + lookupValueSize());
        }
    }

    /** Removes every key (hash-like maps) or zeroes every value (arrays); returns how many. */
    public int clear() {
        List<byte[]> keys = keys();
        if (type.isArray()) {
            byte[] zero = new byte[lookupValueSize()];
            for (byte[] key : keys) {
                update(key, zero);
            }
            return keys.size();
        }
        int n = 0;
        for (byte[] key : keys) {
            if (delete(key)) {
                n++;
            }
        }
        return n;
    }

    List<byte[]> splitPerCpu(byte[] all) {
        int slot = perCpuSlotSize();
        List<byte[]> values = new ArrayList<>();
        for (int off = 0; off + valueSize <= all.length; off += slot) {
            values.add(Arrays.copyOfRange(all, off, off + valueSize));
        }
        return values;
    }

    public boolean isClosed() {
        return owner != null ? owner.isClosed() : standaloneFd.isClosed();
    }

    /** Closes a standalone map; maps of an object close with the object. */
    @Override
    public void close() {
        if (standaloneFd != null) {
            standaloneFd.close();
        }
    }

    private Pointer keyPointer(byte[] key, String operation) {
        requireOpen();
        if (key.length != keySize) {
            throw new BpfException(operation + " on map " + name, Errno.EINVAL,
                    "wrong key size: map " + name + " has " + keySize + "-byte keys, got " + key.length);
        }
        return Native.copyOf(key);
    }

    private void requireOpen() {
        if (isClosed()) {
            throw new BpfClosedException("map " + name);
        }
    }

    private void requirePerCpu(String operation) {
        if (!type.isPerCpu()) {
            throw new BpfException(operation + " on map " + name, Errno.EINVAL, name + " is not a per-CPU map");
        }
    }

    private void requireKeyed(String operation) {
        requireOpen();
        if (type.isEventStream() || keySize == 0) {
            throw new BpfException(operation + " on map " + name, Errno.EINVAL,
                    type.displayName() + " maps have no keys; read them with a reader");
        }
    }

    @Override
    public String toString() {
        return name + " (" + type.displayName() + ", key " + keySize + " B, value " + valueSize + " B, max "
                + maxEntries + ")";
    }
}
