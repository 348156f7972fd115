package dev.polytrace.bpf.btf;

/**
 * A global variable (VAR), listed by the {@link BtfDatasec} of the ELF section holding it; its
 * {@link #cName()} is the declaration, e.g. {@code const volatile char comm_filter[16]}.
 */
public record BtfVar(Btf btf, int id, String name, int typeId, BtfLinkage linkage) implements BtfType {
    public BtfType type() {
        return btf.type(typeId);
    }

    @Override
    public BtfKind kind() {
        return BtfKind.VAR;
    }

    @Override
    public long size() {
        return type().size();
    }

    @Override
    public int alignment() {
        return type().alignment();
    }

    @Override
    public String toString() {
        return CDeclarator.withSize(this);
    }
}
