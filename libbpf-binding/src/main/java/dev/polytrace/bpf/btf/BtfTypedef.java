package dev.polytrace.bpf.btf;

/** A typedef (TYPEDEF): a name for another type, spelled by its own name in C. */
public record BtfTypedef(Btf btf, int id, String name, int targetId) implements AliasType {
    @Override
    public BtfKind kind() {
        return BtfKind.TYPEDEF;
    }

    /** "u32 = unsigned int (4 bytes)". */
    @Override
    public String toString() {
        return name + " = " + resolve().cName() + " (" + CDeclarator.bytes(size()) + ")";
    }
}
