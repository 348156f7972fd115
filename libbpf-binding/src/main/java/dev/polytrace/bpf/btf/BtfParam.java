package dev.polytrace.bpf.btf;

/** A parameter of a {@link BtfFuncProto}; the name is "" in prototypes of function pointers. */
public final class BtfParam extends TypedComponent {
    BtfParam(Btf btf, long nameOffset, int typeId) {
        super(btf, nameOffset, typeId);
    }

    @Override
    public String toString() {
        return CDeclarator.declare(type(), name());
    }
}
