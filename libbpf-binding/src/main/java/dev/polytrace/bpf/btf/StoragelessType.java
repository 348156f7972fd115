package dev.polytrace.bpf.btf;

/**
 * What the kinds without storage share (void, functions, prototypes, forward declarations, tags):
 * each is its own resolution, takes 0 bytes, aligns to 1 and is spelled as a C declarator.
 */
sealed interface StoragelessType extends BtfType permits BtfVoid, BtfFunc, BtfFuncProto, BtfFwd, BtfDeclTag {
    @Override
    default long size() {
        return 0;
    }

    @Override
    default int alignment() {
        return 1;
    }
}
