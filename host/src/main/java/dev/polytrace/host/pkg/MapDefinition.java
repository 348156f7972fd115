package dev.polytrace.host.pkg;

import dev.polytrace.bpf.MapType;

/**
 * A map as the object declares it in {@code .maps}, decoded from BTF without libbpf.
 *
 * @param keyType   the C type from {@code __type(key, ...)}, or null when the map gives only a size
 * @param valueType the C type from {@code __type(value, ...)}, or null
 * @param keySize   bytes per key: the key type's size, {@code key_size}, or 0 when neither is given
 * @param valueSize bytes per value, likewise
 */
public record MapDefinition(String name, MapType type, String keyType, String valueType, long keySize,
                            long valueSize, long maxEntries, long flags) {
    /** Ring buffer or perf event array: read as a stream of records. */
    public boolean isEventStream() {
        return type.isEventStream();
    }

    /** The package's name for the stream kind: "ringbuf" or "perf", null for other maps. */
    public String streamKind() {
        return switch (type) {
            case RINGBUF -> "ringbuf";
            case PERF_EVENT_ARRAY -> "perf";
            default -> null;
        };
    }
}
