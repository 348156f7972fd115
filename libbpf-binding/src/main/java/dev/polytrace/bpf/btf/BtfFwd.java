package dev.polytrace.bpf.btf;

/** A forward declaration (FWD) of a struct or union whose body is not in this BTF. */
public final class BtfFwd extends StoragelessType implements BtfType {
    private final boolean union;

    BtfFwd(Btf btf, int id, String name, boolean union) {
        super(btf, id, name, BtfKind.FWD);
        this.union = union;
    }

    public boolean isUnion() {
        return union;
    }
}
