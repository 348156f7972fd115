package dev.polytrace.bpf.btf;

import java.util.List;
import java.util.Optional;

/**
 * A data section (DATASEC) such as {@code .rodata}, {@code .bss}, {@code .data} or {@code .maps}:
 * the variables it holds with their offsets, sorted by offset. It has no C spelling: its
 * {@link #cName()} is the section name.
 */
public record BtfDatasec(Btf btf, int id, String name, long size, List<BtfVarSecInfo> vars) implements BtfType {
    /** The entry for the variable with that name. */
    public Optional<BtfVarSecInfo> variable(String name) {
        return vars.stream().filter(v -> v.name().equals(name)).findFirst();
    }

    @Override
    public BtfKind kind() {
        return BtfKind.DATASEC;
    }

    @Override
    public int alignment() {
        return 1;
    }

    @Override
    public String toString() {
        return "section " + name + " (" + CDeclarator.bytes(size) + ", " + vars.size() + " vars)";
    }
}
