package dev.polytrace.bpf.btf;

/** A function (FUNC): a name and linkage for a {@link BtfFuncProto}. BPF programs and kernel functions appear as FUNCs. */
public final class BtfFunc extends StoragelessType implements BtfType {
    private final int protoId;
    private final BtfLinkage linkage;

    BtfFunc(Btf btf, int id, String name, int protoId, BtfLinkage linkage) {
        super(btf, id, name, BtfKind.FUNC);
        this.protoId = protoId;
        this.linkage = linkage;
    }

    /** The prototype; parsing has checked it is a FUNC_PROTO. */
    public BtfFuncProto proto() {
        return (BtfFuncProto) ref(protoId);
    }

    public int protoId() {
        return protoId;
    }

    public BtfLinkage linkage() {
        return linkage;
    }

    @Override
    public String toString() {
        return cName() + " (" + linkage.name().toLowerCase(java.util.Locale.ROOT) + " func)";
    }
}
