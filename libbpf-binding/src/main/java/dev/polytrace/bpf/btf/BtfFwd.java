package dev.polytrace.bpf.btf;

/** A forward declaration (FWD) of a struct or union whose body is not in this BTF. */
public record BtfFwd(Btf btf, int id, String name, boolean isUnion) implements StoragelessType {
    @Override
    public BtfKind kind() {
        return BtfKind.FWD;
    }

    @Override
    public String toString() {
        return CDeclarator.withSize(this);
    }
}
