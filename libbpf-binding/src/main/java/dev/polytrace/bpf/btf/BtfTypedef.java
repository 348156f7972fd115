package dev.polytrace.bpf.btf;

/** A typedef (TYPEDEF): a name for another type, spelled by its own name in C. */
public final class BtfTypedef extends BtfTypeBase implements BtfType {
    private final int targetId;

    BtfTypedef(Btf btf, int id, String name, int targetId) {
        super(btf, id, name);
        this.targetId = targetId;
    }

    public BtfType target() {
        return ref(targetId);
    }

    public int targetId() {
        return targetId;
    }

    @Override
    public BtfKind kind() {
        return BtfKind.TYPEDEF;
    }

    @Override
    public BtfType resolve() {
        return CDeclarator.skipAliases(this);
    }

    @Override
    public long size() {
        return resolve().size();
    }

    @Override
    public int alignment() {
        return resolve().alignment();
    }

    @Override
    public String cName() {
        return name();
    }

    /** "u32 = unsigned int (4 bytes)". */
    @Override
    public String toString() {
        return name() + " = " + resolve().cName() + " (" + bytes(size()) + ")";
    }
}
