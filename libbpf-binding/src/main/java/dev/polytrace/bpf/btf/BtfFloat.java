package dev.polytrace.bpf.btf;

/** A floating-point type (FLOAT): {@code float}, {@code double}, {@code long double}. */
public record BtfFloat(Btf btf, int id, String name, long size) implements ScalarType {
    @Override
    public BtfKind kind() {
        return BtfKind.FLOAT;
    }

    @Override
    public String toString() {
        return CDeclarator.withSize(this);
    }
}
