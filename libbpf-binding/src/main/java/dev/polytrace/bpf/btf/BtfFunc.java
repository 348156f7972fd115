package dev.polytrace.bpf.btf;

import java.util.Locale;

/** A function (FUNC): a name and linkage for a {@link BtfFuncProto}. BPF programs and kernel functions appear as FUNCs. */
public record BtfFunc(Btf btf, int id, String name, int protoId, BtfLinkage linkage) implements StoragelessType {
    /** The prototype; parsing has checked it is a FUNC_PROTO. */
    public BtfFuncProto proto() {
        return (BtfFuncProto) btf.type(protoId);
    }

    @Override
    public BtfKind kind() {
        return BtfKind.FUNC;
    }

    @Override
    public String toString() {
        return cName() + " (" + linkage.name().toLowerCase(Locale.ROOT) + " func)";
    }
}
