package dev.polytrace.bpf.btf;

/** A floating-point type (FLOAT): {@code float}, {@code double}, {@code long double}. */
public final class BtfFloat extends BtfTypeBase implements BtfType {
    private final int size;

    BtfFloat(Btf btf, int id, String name, int size) {
        super(btf, id, name);
        this.size = size;
    }

    @Override
    public BtfKind kind() {
        return BtfKind.FLOAT;
    }

    @Override
    public BtfType resolve() {
        return this;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public int alignment() {
        return scalarAlignment(size);
    }

    @Override
    public String cName() {
        return name();
    }
}
