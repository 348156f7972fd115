package dev.polytrace.bpf.btf;

/** Calls every accessor of every type, so tests can check none of them throws or loops on odd input. */
final class BtfWalker {
    private BtfWalker() {
    }

    /** Returns a checksum so the JIT cannot drop the calls. */
    static long touchEverything(Btf btf) {
        long sum = 0;
        for (BtfType t : btf.types()) {
            sum += t.cName().length() + t.toString().length() + t.size() + t.alignment() + t.resolve().id();
            sum += touchKind(t);
        }
        return sum;
    }

    private static long touchKind(BtfType t) {
        long sum = 0;
        switch (t) {
            case BtfStruct s -> {
                for (BtfMember m : s.members()) {
                    sum += m.name().length() + m.bitOffset() + m.bitfieldSize() + m.byteOffset() + m.toString().length();
                }
            }
            case BtfArray a -> sum += a.dimensions().size() + a.innermostElement().id() + (a.isCharArray() ? 1 : 0)
                    + a.indexType().id();
            case BtfFuncProto p -> {
                for (BtfParam param : p.params()) {
                    sum += param.toString().length();
                }
            }
            case BtfDatasec d -> {
                for (BtfVarSecInfo v : d.vars()) {
                    sum += v.toString().length() + v.type().id();
                }
            }
            case BtfEnum e -> sum += e.values().size() + e.nameOf(0).map(String::length).orElse(0);
            case BtfDeclTag d -> sum += d.target().id();
            case BtfFunc f -> sum += f.proto().params().size();
            default -> {
            }
        }
        return sum;
    }
}
