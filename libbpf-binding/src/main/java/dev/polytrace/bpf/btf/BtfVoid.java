package dev.polytrace.bpf.btf;

/** Type id 0: {@code void}, the target of {@code void *} and the return type of {@code void} functions. */
public final class BtfVoid extends StoragelessType implements BtfType {
    BtfVoid(Btf btf) {
        super(btf, 0, "", BtfKind.VOID);
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
