package dev.polytrace.script.api;

import dev.polytrace.bpf.btf.BtfType;
import dev.polytrace.script.codec.BtfCodec;
import dev.polytrace.script.codec.BtfEncoder;

/** Keys or values described by BTF: structs as objects, {@code char[]} as strings, numbers. */
final class BtfSlotCodec implements MapSlotCodec {
    private static final BtfCodec DECODER = new BtfCodec();
    private static final BtfEncoder ENCODER = new BtfEncoder();

    private final BtfType type;

    BtfSlotCodec(BtfType type) {
        this.type = type;
    }

    @Override
    public Object decode(byte[] bytes) {
        return DECODER.decode(type, bytes);
    }

    @Override
    public byte[] encode(Object value, String what) {
        return ENCODER.encode(type, value, what);
    }

    @Override
    public String typeName() {
        return type.cName();
    }

    @Override
    public boolean decodesToList() {
        return MapSlotCodec.isListType(type);
    }
}
