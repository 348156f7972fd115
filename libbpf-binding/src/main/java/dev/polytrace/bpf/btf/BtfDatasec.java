package dev.polytrace.bpf.btf;

import java.util.List;
import java.util.Optional;

/**
 * A data section (DATASEC) such as {@code .rodata}, {@code .bss}, {@code .data} or {@code .maps}:
 * the variables it holds with their offsets, sorted by offset.
 */
public final class BtfDatasec extends BtfTypeBase implements BtfType {
    private final long size;
    private final List<BtfVarSecInfo> vars;

    BtfDatasec(Btf btf, int id, String name, long size, List<BtfVarSecInfo> vars) {
        super(btf, id, name, BtfKind.DATASEC);
        this.size = size;
        this.vars = vars;
    }

    public List<BtfVarSecInfo> vars() {
        return vars;
    }

    /** The entry for the variable with that name. */
    public Optional<BtfVarSecInfo> variable(String name) {
        return vars.stream().filter(v -> v.name().equals(name)).findFirst();
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public int alignment() {
        return 1;
    }

    /** The section name: a datasec has no C spelling. */
    @Override
    public String cName() {
        return name();
    }

    @Override
    public String toString() {
        return "section " + name() + " (" + bytes(size) + ", " + vars.size() + " vars)";
    }
}
