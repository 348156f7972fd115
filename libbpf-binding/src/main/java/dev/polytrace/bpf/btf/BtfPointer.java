package dev.polytrace.bpf.btf;

/** A pointer (PTR) to another type; {@code void *} points to type id 0. */
public final class BtfPointer extends BtfTypeBase implements BtfType {
    private final int targetId;

    BtfPointer(Btf btf, int id, String name, int targetId) {
        super(btf, id, name, BtfKind.PTR);
        this.targetId = targetId;
    }

    public BtfType target() {
        return ref(targetId);
    }

    public int targetId() {
        return targetId;
    }

    @Override
    public long size() {
        return POINTER_SIZE;
    }

    @Override
    public int alignment() {
        return POINTER_SIZE;
    }
}
