package dev.polytrace.bpf.btf;

import static dev.polytrace.bpf.btf.KindsObject.BTF;
import static dev.polytrace.bpf.btf.KindsObject.ELF;
import static dev.polytrace.bpf.btf.KindsObject.member;
import static dev.polytrace.bpf.btf.KindsObject.struct;
import static dev.polytrace.bpf.btf.KindsObject.typeOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polytrace.bpf.elf.ElfSymbol;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Struct, union, bitfield, array and datasec layout of btf_kinds.bpf.o (checked against bpftool and readelf). */
class BtfObjectLayoutTest {

    @Test
    void structEventMemberOffsets() {
        BtfStruct event = struct("event");
        assertFalse(event.isUnion());
        assertEquals(136, event.size());
        assertEquals(8, event.alignment());
        Map<String, Long> offsets = event.members().stream()
                .collect(Collectors.toMap(BtfMember::name, BtfMember::byteOffset));
        assertEquals(Map.ofEntries(Map.entry("pid", 0L), Map.entry("tid", 4L), Map.entry("comm", 8L),
                Map.entry("nested", 24L), Map.entry("u", 40L), Map.entry("matrix", 44L), Map.entry("bits", 68L),
                Map.entry("next", 72L), Map.entry("label", 80L), Map.entry("alias", 88L), Map.entry("state", 92L),
                Map.entry("ok", 96L), Map.entry("ratio", 104L), Map.entry("callback", 112L), Map.entry("point", 120L),
                Map.entry("", 128L)), offsets);
        assertEquals(16, event.members().size());
        assertTrue(event.members().stream().noneMatch(BtfMember::isBitfield));
        assertEquals(1024, event.members().get(15).bitOffset());
        assertTrue(event.member("missing").isEmpty());
        assertEquals("struct event (136 bytes)", event.toString());
    }

    @Test
    void nestedStructAndAnonymousMembers() {
        BtfStruct inner = assertInstanceOf(BtfStruct.class, member("event", "nested").type());
        assertEquals("inner", inner.name());
        assertEquals(16, inner.size());
        assertEquals(8, inner.member("ll").orElseThrow().byteOffset());

        BtfStruct point = assertInstanceOf(BtfStruct.class, member("event", "point").type());
        assertEquals("", point.name());
        assertEquals(List.of("x", "y"), point.members().stream().map(BtfMember::name).toList());
        assertEquals(4, point.member("y").orElseThrow().byteOffset());

        BtfStruct anonymous = assertInstanceOf(BtfStruct.class, struct("event").members().get(15).type());
        assertTrue(anonymous.isUnion());
        assertEquals(BtfKind.UNION, anonymous.kind());
        assertEquals(List.of("anon_int", "anon_short"), anonymous.members().stream().map(BtfMember::name).toList());
    }

    @Test
    void unionMembersShareOffsetZero() {
        BtfStruct either = assertInstanceOf(BtfStruct.class, typeOf("last_either"));
        assertTrue(either.isUnion());
        assertEquals(4, either.size());
        assertEquals(4, either.alignment());
        assertEquals(List.of(0L, 0L, 0L), either.members().stream().map(BtfMember::bitOffset).toList());
        assertInstanceOf(BtfFloat.class, either.member("as_float").orElseThrow().type());
    }

    @Test
    void bitfieldsUseKindFlagEncoding() {
        BtfStruct flags = struct("flags");
        assertEquals(4, flags.size());
        record Field(String name, long bitOffset, int bits) {
        }
        List<Field> fields = flags.members().stream()
                .map(m -> new Field(m.name(), m.bitOffset(), m.bitfieldSize())).toList();
        assertEquals(List.of(new Field("low", 0, 3), new Field("mid", 3, 5), new Field("negative", 8, 4),
                new Field("after", 16, 0), new Field("st", 24, 8)), fields);
        assertTrue(flags.member("negative").orElseThrow().type() instanceof BtfInt i && i.signed());
        assertInstanceOf(BtfEnum.class, flags.member("st").orElseThrow().type());
        assertEquals(3, flags.member("st").orElseThrow().byteOffset());
        assertEquals(2, flags.member("after").orElseThrow().byteOffset());
        assertFalse(flags.member("after").orElseThrow().isBitfield());
    }

    @Test
    void multiDimensionalArray() {
        BtfArray matrix = assertInstanceOf(BtfArray.class, member("event", "matrix").type());
        assertEquals(2, matrix.length());
        assertEquals(List.of(2L, 3L), matrix.dimensions());
        assertEquals("int", matrix.innermostElement().cName());
        BtfArray row = assertInstanceOf(BtfArray.class, matrix.elementType());
        assertEquals(12, row.size());
        assertEquals(24, matrix.size());
        assertEquals(4, matrix.alignment());
        assertEquals("__ARRAY_SIZE_TYPE__", matrix.indexType().name());
        assertFalse(matrix.isCharArray());
    }

    @Test
    void charArrays() {
        BtfArray comm = assertInstanceOf(BtfArray.class, member("event", "comm").type());
        assertTrue(comm.isCharArray());
        assertEquals(List.of(16L), comm.dimensions());
        assertEquals(16, comm.size());

        BtfArray bytes = assertInstanceOf(BtfArray.class, member("either", "bytes").type());
        assertTrue(bytes.isCharArray(), "unsigned char[4]");

        BtfArray filter = assertInstanceOf(BtfArray.class, typeOf("comm_filter"));
        assertTrue(filter.isCharArray(), "element is const volatile char");
        assertInstanceOf(BtfQualifier.class, filter.elementType());
        assertEquals(16, filter.size());
    }

    @Test
    void selfReferenceThroughAPointer() {
        BtfPointer next = assertInstanceOf(BtfPointer.class, member("event", "next").type());
        assertSame(struct("event"), next.target());
        assertEquals(8, next.size());
        assertEquals(8, next.alignment());
    }

    /** clang leaves DATASEC sizes and offsets 0; fromElf fills them in from sections and symbols. */
    @Test
    void rodataVariablesSitAtTheirSymbolOffsets() {
        BtfDatasec rodata = BTF.datasec(".rodata").orElseThrow();
        assertEquals(36, rodata.size());
        assertEquals(List.of("min_duration_ms@0+4", "verbose@4+1", "comm_filter@5+16", "threshold_ns@24+8",
                "cv_value@32+4"), layout(rodata));
        BtfVarSecInfo filter = rodata.variable("comm_filter").orElseThrow();
        assertEquals("const volatile char comm_filter[16]", filter.var().cName());
        assertTrue(rodata.variable("nope").isEmpty());
    }

    @Test
    void bssAndDataOffsetsMatchTheSymbolTable() {
        for (String section : List.of(".bss", ".data", ".maps", "license")) {
            BtfDatasec sec = BTF.datasec(section).orElseThrow();
            assertEquals(ELF.section(section).orElseThrow().size(), sec.size(), section);
            for (BtfVarSecInfo v : sec.vars()) {
                ElfSymbol symbol = ELF.symbol(v.name()).orElseThrow();
                assertEquals(symbol.value(), v.offset(), v.name());
                assertEquals(symbol.size(), v.size(), v.name());
            }
        }
        assertEquals(136, BTF.datasec(".bss").orElseThrow().variable("static_counter").orElseThrow().offset());
        assertEquals(List.of("events@0+16"), layout(BTF.datasec(".maps").orElseThrow()));
    }

    @Test
    void externsKeepTheirDatasecWithoutAnElfSection() {
        BtfDatasec kconfig = BTF.datasec(".kconfig").orElseThrow();
        assertEquals(0, kconfig.size());
        BtfVar version = kconfig.vars().get(0).var();
        assertEquals("LINUX_KERNEL_VERSION", version.name());
        assertEquals(BtfLinkage.EXTERN, version.linkage());
        assertTrue(BTF.datasec(".nope").isEmpty());
    }

    @Test
    void rawSectionKeepsWhatTheCompilerWrote() {
        Btf raw = Btf.parse(ELF.sectionData(".BTF").orElseThrow(), "raw .BTF");
        BtfDatasec rodata = raw.datasec(".rodata").orElseThrow();
        assertEquals(0, rodata.size());
        assertTrue(rodata.vars().stream().allMatch(v -> v.offset() == 0));
        assertEquals(BTF.typeCount(), raw.typeCount());
    }

    @Test
    void varOfANonVarEntryIsRefused() {
        BtfVarSecInfo entry = BTF.datasec(".rodata").orElseThrow().vars().get(0);
        assertInstanceOf(BtfVar.class, entry.type());
        assertEquals(entry.var().name(), entry.name());
        assertThrows(IllegalArgumentException.class, () -> BTF.type(BTF.typeCount()));
    }

    private static List<String> layout(BtfDatasec sec) {
        return sec.vars().stream().map(v -> v.name() + "@" + v.offset() + "+" + v.size()).toList();
    }
}
