package dev.polytrace.bpf.btf;

/** A pointer (PTR) to another type; {@code void *} points to type id 0. */
public record BtfPointer(Btf btf, int id, String name, int targetId) implements BtfType {
    /** Pointers are 8 bytes for every target this tracer supports (BPF, x86-64, arm64). */
    static final int SIZE = 8;

    public BtfType target() {
        return btf.type(targetId);
    }

    @Override
    public BtfKind kind() {
        return BtfKind.PTR;
    }

    @Override
    public long size() {
        return SIZE;
    }

    @Override
    public int alignment() {
        return SIZE;
    }

    @Override
    public String toString() {
        return CDeclarator.withSize(this);
    }
}
