package dev.polytrace.bpf.btf;

/** A global variable (VAR), listed by the {@link BtfDatasec} of the ELF section holding it. */
public final class BtfVar extends BtfTypeBase implements BtfType {
    private final int typeId;
    private final BtfLinkage linkage;

    BtfVar(Btf btf, int id, String name, int typeId, BtfLinkage linkage) {
        super(btf, id, name, BtfKind.VAR);
        this.typeId = typeId;
        this.linkage = linkage;
    }

    public BtfType type() {
        return ref(typeId);
    }

    public int typeId() {
        return typeId;
    }

    public BtfLinkage linkage() {
        return linkage;
    }

    @Override
    public long size() {
        return type().size();
    }

    @Override
    public int alignment() {
        return type().alignment();
    }

    /** The declaration, e.g. {@code const volatile char comm_filter[16]}. */}
