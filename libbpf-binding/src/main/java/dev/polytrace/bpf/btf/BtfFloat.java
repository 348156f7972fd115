package dev.polytrace.bpf.btf;

/** A floating-point type (FLOAT): {@code float}, {@code double}, {@code long double}. */
public final class BtfFloat extends ScalarType implements BtfType {
    BtfFloat(Btf btf, int id, String name, int size) {
        super(btf, id, name, size);
    }

    @Override
    public BtfKind kind() {
        return BtfKind.FLOAT;
    }

    @Override
    public String cName() {
        return name();
    }
}
