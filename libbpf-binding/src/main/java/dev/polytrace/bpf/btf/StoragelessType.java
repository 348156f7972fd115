package dev.polytrace.bpf.btf;

/**
 * What the kinds without storage share (void, functions, prototypes, forward declarations, tags):
 * each is its own resolution, takes 0 bytes, aligns to 1 and is spelled as a C declarator.
 */
abstract class StoragelessType extends BtfTypeBase {
    StoragelessType(Btf btf, int id, String name, BtfKind kind) {
        super(btf, id, name, kind);
    }

    public final long size() {
        return 0;
    }

    public final int alignment() {
        return 1;
    }
}
