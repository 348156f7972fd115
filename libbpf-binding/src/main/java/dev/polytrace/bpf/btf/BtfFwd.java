package dev.polytrace.bpf.btf;

/** A forward declaration (FWD) of a struct or union whose body is not in this BTF. */
public final class BtfFwd extends BtfTypeBase implements BtfType {
    private final boolean union;

    BtfFwd(Btf btf, int id, String name, boolean union) {
        super(btf, id, name);
        this.union = union;
    }

    public boolean isUnion() {
        return union;
    }

    @Override
    public BtfKind kind() {
        return BtfKind.FWD;
    }

    @Override
    public BtfType resolve() {
        return this;
    }

    /** 0: the size of an incomplete type is unknown. */
    @Override
    public long size() {
        return 0;
    }

    @Override
    public int alignment() {
        return 1;
    }

    @Override
    public String cName() {
        return CDeclarator.spell(this);
    }
}
