package dev.polytrace.bpf;

import dev.polytrace.bpf.internal.Native;
import jnr.ffi.Pointer;

/** A map before load: its shape can still change. */
public final class OpenMap {
    private final Pointer handle;
    private final String name;

    OpenMap(Pointer handle) {
        this.handle = handle;
        this.name = Native.libbpf().bpf_map__name(handle);
    }

    Pointer handle() {
        return handle;
    }

    public String name() {
        return name;
    }

    public MapType type() {
        return MapType.of(Native.libbpf().bpf_map__type(handle));
    }

    public int keySize() {
        return Native.libbpf().bpf_map__key_size(handle);
    }

    public int valueSize() {
        return Native.libbpf().bpf_map__value_size(handle);
    }

    public int maxEntries() {
        return Native.libbpf().bpf_map__max_entries(handle);
    }

    public int btfKeyTypeId() {
        return Native.libbpf().bpf_map__btf_key_type_id(handle);
    }

    public int btfValueTypeId() {
        return Native.libbpf().bpf_map__btf_value_type_id(handle);
    }

    /** libbpf's maps for .rodata/.bss/.data/.kconfig sections. */
    public boolean isInternal() {
        return Native.libbpf().bpf_map__is_internal(handle);
    }

    /** Resizes the map; for a ring buffer this is its byte size (a power of two times the page size). */
    public void setMaxEntries(int maxEntries) {
        Native.check(Native.libbpf().bpf_map__set_max_entries(handle, maxEntries),
                "bpf_map__set_max_entries(" + name + ", " + maxEntries + ")");
    }

    public void setValueSize(int valueSize) {
        Native.check(Native.libbpf().bpf_map__set_value_size(handle, valueSize),
                "bpf_map__set_value_size(" + name + ", " + valueSize + ")");
    }

    @Override
    public String toString() {
        return name + " (" + type().displayName() + ")";
    }
}
