package dev.polytrace.script.codec;

import dev.polytrace.bpf.btf.Btf;
import dev.polytrace.bpf.btf.BtfDatasec;
import dev.polytrace.bpf.btf.BtfStruct;
import dev.polytrace.bpf.btf.BtfType;
import dev.polytrace.bpf.btf.BtfVar;
import dev.polytrace.bpf.elf.ElfFile;
import dev.polytrace.bpf.testing.TestObjects;

/** Types of the real btf_kinds.bpf.o (libbpf-binding's test object), looked up by their C names. */
final class KindsTypes {
    static final Btf BTF = Btf.fromElf(ElfFile.parse(TestObjects.bytes("btf_kinds"), "btf_kinds.bpf.o"));

    private KindsTypes() {
    }

    static BtfStruct struct(String name) {
        return BTF.byName(name, BtfStruct.class).orElseThrow(() -> new AssertionError("no struct " + name));
    }

    /** The declared type of a global variable, e.g. {@code signed char} for {@code data_s8}. */
    static BtfType typeOf(String varName) {
        return BTF.byName(varName, BtfVar.class).orElseThrow(() -> new AssertionError("no var " + varName)).type();
    }

    static BtfDatasec section(String name) {
        return BTF.datasec(name).orElseThrow(() -> new AssertionError("no datasec " + name));
    }
}
