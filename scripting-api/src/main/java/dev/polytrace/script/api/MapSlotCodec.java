package dev.polytrace.script.api;

import dev.polytrace.bpf.MapType;
import dev.polytrace.bpf.btf.Btf;
import dev.polytrace.bpf.btf.BtfArray;
import dev.polytrace.bpf.btf.BtfType;

/**
 * How the bytes of a map's keys, or of its values (one CPU's value for per-CPU maps), read
 * and write: through the BTF type the map declares, or by size when it declares none.
 */
interface MapSlotCodec {
    /** @throws dev.polytrace.script.codec.CodecException when the bytes do not fit the type */
    Object decode(byte[] bytes);

    /**
     * @param what labels errors, e.g. {@code ctx.maps.counts.set key}
     * @throws dev.polytrace.script.codec.CodecException when the value does not fit
     */
    byte[] encode(Object value, String what);

    /** The C type, or a description such as {@code 4-byte integer}. */
    String typeName();

    /** Values decode to a list (an array type), so a list given for a per-CPU map is ambiguous. */
    boolean decodesToList();

    /**
     * The codec for a key or value of {@code size} bytes: by BTF type id when the map has one
     * whose size matches, else by size.
     */
    static MapSlotCodec of(Btf btf, int typeId, int size, MapType mapType) {
        if (btf != null && typeId > 0) {
            BtfType type = btf.type(typeId);
            if (type.size() == size) {
                return new BtfSlotCodec(type);
            }
        }
        return new SizedSlotCodec(size, mapType == MapType.STACK_TRACE);
    }

    /** The codec for an explicitly chosen type (null: by size). */
    static MapSlotCodec of(BtfType type, int size) {
        return type == null ? new SizedSlotCodec(size, false) : new BtfSlotCodec(type);
    }

    /** Whether a BTF type is an array other than a string. */
    static boolean isListType(BtfType type) {
        return type.resolve() instanceof BtfArray a && !a.isCharArray();
    }
}
