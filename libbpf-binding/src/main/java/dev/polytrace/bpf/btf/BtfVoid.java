package dev.polytrace.bpf.btf;

/** Type id 0: {@code void}, the target of {@code void *} and the return type of {@code void} functions. */
public final class BtfVoid extends BtfTypeBase implements BtfType {
    BtfVoid(Btf btf) {
        super(btf, 0, "");
    }

    @Override
    public BtfKind kind() {
        return BtfKind.VOID;
    }

    @Override
    public BtfType resolve() {
        return this;
    }

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
        return "void";
    }

    @Override
    public String toString() {
        return "void";
    }
}
