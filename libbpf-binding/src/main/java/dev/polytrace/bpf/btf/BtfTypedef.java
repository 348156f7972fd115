package dev.polytrace.bpf.btf;

/** A typedef (TYPEDEF): a name for another type, spelled by its own name in C. */
public final class BtfTypedef extends AliasType implements BtfType {
    BtfTypedef(Btf btf, int id, String name, int targetId) {
        super(btf, id, name, BtfKind.TYPEDEF, targetId);
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
