package dev.polytrace.bpf.btf;

/** What scalars share (int, enum, float): each is its own resolution, of its size, naturally aligned. */
abstract class ScalarType extends BtfTypeBase {
    private final int size;

    ScalarType(Btf btf, int id, String name, BtfKind kind, int size) {
        super(btf, id, name, kind);
        this.size = size;
    }

    public final long size() {
        return size;
    }

    public final int alignment() {
        return scalarAlignment(size);
    }
}
