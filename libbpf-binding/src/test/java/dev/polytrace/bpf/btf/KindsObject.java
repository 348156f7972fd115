package dev.polytrace.bpf.btf;

import dev.polytrace.bpf.elf.ElfFile;
import dev.polytrace.bpf.elf.TestObjects;

/** The BTF of the compiled btf_kinds.bpf.o, with lookups by the names its source declares. */
final class KindsObject {
    static final ElfFile ELF = TestObjects.btfKindsElf();
    static final Btf BTF = Btf.fromElf(ELF);

    private KindsObject() {
    }

    static BtfVar var(String name) {
        return BTF.byName(name, BtfVar.class).orElseThrow(() -> new AssertionError("no VAR " + name));
    }

    /** The declared type of a global variable. */
    static BtfType typeOf(String varName) {
        return var(varName).type();
    }

    static BtfStruct struct(String name) {
        return BTF.byName(name, BtfStruct.class).orElseThrow(() -> new AssertionError("no struct " + name));
    }

    static BtfMember member(String struct, String member) {
        return struct(struct).member(member).orElseThrow(() -> new AssertionError(struct + " has no " + member));
    }

    static BtfFunc func(String name) {
        return BTF.byName(name, BtfFunc.class).orElseThrow(() -> new AssertionError("no FUNC " + name));
    }
}
