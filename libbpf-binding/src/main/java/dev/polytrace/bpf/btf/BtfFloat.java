package dev.polytrace.bpf.btf;

/** A floating-point type (FLOAT): {@code float}, {@code double}, {@code long double}. */
public final class BtfFloat extends ScalarType implements BtfType {
    BtfFloat(Btf btf, int id, String name, int size) {
        super(btf, id, name, BtfKind.FLOAT, size);
    }

    @Override
    public String cName() {
        return name();
    }
}
