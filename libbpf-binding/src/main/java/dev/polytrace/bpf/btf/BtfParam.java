package dev.polytrace.bpf.btf;

/** A parameter of a {@link BtfFuncProto}; the name is "" in prototypes of function pointers. */
public final class BtfParam {
    private final Btf btf;
    private final long nameOffset;
    /** Decoded on first use: most of vmlinux's parameters are never looked at. */
    private String name;
    private final int typeId;

    BtfParam(Btf btf, long nameOffset, int typeId) {
        this.btf = btf;
        this.nameOffset = nameOffset;
        this.typeId = typeId;
    }

    public String name() {
        String n = name;
        if (n == null) {
            n = btf.strings().at(nameOffset); // racy but benign: every thread decodes the same string
            name = n;
        }
        return n;
    }

    public BtfType type() {
        return btf.type(typeId);
    }

    public int typeId() {
        return typeId;
    }

    @Override
    public String toString() {
        return CDeclarator.declare(type(), name());
    }
}
