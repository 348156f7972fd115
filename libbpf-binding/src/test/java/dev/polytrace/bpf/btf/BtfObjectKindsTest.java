package dev.polytrace.bpf.btf;

import static dev.polytrace.bpf.btf.KindsObject.BTF;
import static dev.polytrace.bpf.btf.KindsObject.func;
import static dev.polytrace.bpf.btf.KindsObject.member;
import static dev.polytrace.bpf.btf.KindsObject.typeOf;
import static dev.polytrace.bpf.btf.KindsObject.var;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every BTF kind as clang emits it for btf_kinds.bpf.c (expected values checked against
 * {@code bpftool btf dump file btf_kinds.bpf.o}).
 */
class BtfObjectKindsTest {

    /** clang 14 emits every kind but ENUM64 (added in clang 15): a wide enum becomes an 8-byte ENUM. */
    @Test
    void everyKindButEnum64Appears() {
        Set<BtfKind> kinds = BTF.types().stream().map(BtfType::kind).collect(Collectors.toCollection(
                () -> EnumSet.noneOf(BtfKind.class)));
        Set<BtfKind> expected = EnumSet.complementOf(EnumSet.of(BtfKind.ENUM64));
        assertTrue(kinds.containsAll(expected), "missing " + missing(expected, kinds));
    }

    @Test
    void typeIdsAreListIndexes() {
        List<BtfType> types = BTF.types();
        assertEquals(BTF.typeCount(), types.size());
        for (int id = 0; id < types.size(); id++) {
            assertEquals(id, types.get(id).id());
            assertSame(types.get(id), BTF.type(id));
        }
        assertInstanceOf(BtfVoid.class, BTF.type(0));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
        "data_s8, signed char, 1, true",
        "data_u8, unsigned char, 1, false",
        "data_s16, short, 2, true",
        "data_u16, unsigned short, 2, false",
        "data_s32, int, 4, true",
        "data_u32, unsigned int, 4, false",
        "data_s64, long long, 8, true",
        "data_u64, unsigned long long, 8, false",
        "wide_int, __int128, 16, true",
    })
    void integersOfEveryWidthAndSignedness(String var, String cName, int size, boolean signed) {
        BtfInt t = assertInstanceOf(BtfInt.class, typeOf(var));
        assertEquals(cName, t.cName());
        assertEquals(size, t.size());
        assertEquals(size * 8, t.bits());
        assertEquals(0, t.bitOffset());
        assertEquals(signed, t.signed());
        assertEquals(size, t.alignment());
        assertFalse(t.isBool());
    }

    @Test
    void charAndBool() {
        BtfInt c = assertInstanceOf(BtfInt.class, typeOf("data_char"));
        assertTrue(c.isChar());
        assertTrue(c.signed(), "clang encodes plain char as SIGNED on BPF");
        BtfTypedef bool = assertInstanceOf(BtfTypedef.class, member("event", "ok").type());
        assertEquals("bool", bool.name());
        BtfInt underlying = assertInstanceOf(BtfInt.class, bool.resolve());
        assertEquals("_Bool", underlying.name());
        assertTrue(underlying.isBool());
        assertFalse(underlying.isChar());
        assertEquals(1, bool.size());
    }

    @Test
    void floats() {
        BtfFloat f = assertInstanceOf(BtfFloat.class, typeOf("data_float"));
        assertEquals("float", f.name());
        assertEquals(4, f.size());
        BtfFloat d = assertInstanceOf(BtfFloat.class, member("event", "ratio").type());
        assertEquals("double", d.cName());
        assertEquals(8, d.size());
        assertEquals(8, d.alignment());
    }

    @Test
    void unsignedEnum() {
        BtfEnum e = assertInstanceOf(BtfEnum.class, typeOf("current_state"));
        assertEquals(BtfKind.ENUM, e.kind());
        assertEquals("enum run_state", e.cName());
        assertEquals(4, e.size());
        assertFalse(e.signed());
        assertFalse(e.is64());
        assertEquals(List.of(new BtfEnumValue("RUN_IDLE", 0), new BtfEnumValue("RUN_RUNNING", 1),
                new BtfEnumValue("RUN_DONE", 7)), e.values());
        assertEquals(Optional.of("RUN_DONE"), e.nameOf(7));
        assertEquals(Optional.empty(), e.nameOf(3));
        assertEquals(Optional.of(7L), e.valueOf("RUN_DONE"));
    }

    /** clang 14 never sets the signed kind_flag: -3 is stored as the unsigned 0xfffffffd. */
    @Test
    void negativeEnumeratorAsClang14EncodesIt() {
        BtfEnum e = assertInstanceOf(BtfEnum.class, typeOf("data_signed_state"));
        assertFalse(e.signed());
        assertEquals(new BtfEnumValue("SIGNED_NEGATIVE", 0xffff_fffdL), e.values().get(0));
        assertEquals(Optional.of("SIGNED_NEGATIVE"), e.nameOf(-3), "nameOf compares the enum's 4 bytes");
        assertEquals(Optional.of("SIGNED_NEGATIVE"), e.nameOf(0xffff_fffdL));
        assertEquals(Optional.of("SIGNED_POSITIVE"), e.nameOf(5));
    }

    /**
     * clang 14 has no ENUM64: the 8-byte enum comes out as ENUM with size 8 and the value
     * truncated to its low 32 bits (0x123456789 becomes 0x23456789). Newer clang emits ENUM64.
     */
    @Test
    void wideEnum() {
        BtfEnum e = assertInstanceOf(BtfEnum.class, typeOf("data_wide_state"));
        assertEquals(8, e.size());
        assertEquals(8, e.alignment());
        long wide = e.valueOf("WIDE_BIG").orElseThrow();
        if (e.is64()) {
            assertEquals(BtfKind.ENUM64, e.kind());
            assertEquals(0x1_2345_6789L, wide);
        } else {
            assertEquals(BtfKind.ENUM, e.kind());
            assertEquals(0x2345_6789L, wide);
        }
    }

    @Test
    void forwardDeclarations() {
        BtfFwd s = assertInstanceOf(BtfFwd.class, ((BtfPointer) typeOf("opaque_ptr")).target());
        assertEquals("opaque", s.name());
        assertFalse(s.isUnion());
        assertEquals(0, s.size());
        BtfFwd u = assertInstanceOf(BtfFwd.class, ((BtfPointer) typeOf("opaque_union_ptr")).target());
        assertTrue(u.isUnion());
        assertEquals("union opaque_union", u.cName());
    }

    @Test
    void typedefChainsResolveToTheUnderlyingType() {
        BtfTypedef alias = assertInstanceOf(BtfTypedef.class, member("event", "alias").type());
        assertEquals("my_u32_alias", alias.name());
        BtfTypedef inner = assertInstanceOf(BtfTypedef.class, alias.target());
        assertEquals("my_u32", inner.name());
        assertSame(inner.target(), alias.resolve());
        assertEquals("unsigned int", alias.resolve().cName());
        assertEquals(4, alias.size());
        assertEquals("my_u32_alias = unsigned int (4 bytes)", alias.toString());
    }

    @Test
    void constVolatileChains() {
        BtfQualifier c = assertInstanceOf(BtfQualifier.class, typeOf("min_duration_ms"));
        assertEquals(BtfQualifier.Qualifier.CONST, c.qualifier());
        BtfQualifier v = assertInstanceOf(BtfQualifier.class, c.target());
        assertEquals(BtfQualifier.Qualifier.VOLATILE, v.qualifier());
        assertEquals(BtfKind.VOLATILE, v.kind());
        assertSame(v.target(), c.resolve());
        assertEquals("int", c.resolve().name());
        assertEquals(4, c.size());

        // typedef const volatile int my_cv_int: resolve() passes typedef and both qualifiers.
        BtfTypedef cv = assertInstanceOf(BtfTypedef.class, typeOf("cv_value"));
        assertInstanceOf(BtfQualifier.class, cv.target());
        assertEquals("int", cv.resolve().cName());
    }

    @Test
    void restrictAndTypeTag() {
        BtfQualifier restrict = assertInstanceOf(BtfQualifier.class, typeOf("restrict_ptr"));
        assertEquals(BtfQualifier.Qualifier.RESTRICT, restrict.qualifier());
        assertInstanceOf(BtfPointer.class, restrict.resolve());
        assertEquals(8, restrict.size());

        BtfPointer userPtr = assertInstanceOf(BtfPointer.class, typeOf("user_ptr"));
        BtfQualifier tag = assertInstanceOf(BtfQualifier.class, userPtr.target());
        assertEquals(BtfQualifier.Qualifier.TYPE_TAG, tag.qualifier());
        assertEquals(BtfKind.TYPE_TAG, tag.kind());
        assertEquals("user", tag.name());
        assertFalse(tag.isAttribute());
        assertEquals("int", tag.resolve().cName());
    }

    @Test
    void functionsAndPrototypes() {
        BtfFunc addPid = func("add_pid");
        assertEquals(BtfLinkage.GLOBAL, addPid.linkage());
        BtfFuncProto proto = addPid.proto();
        assertEquals("int", proto.returnType().cName());
        assertEquals(List.of("e", "delta"), proto.params().stream().map(BtfParam::name).toList());
        BtfPointer e = assertInstanceOf(BtfPointer.class, proto.params().get(0).type());
        assertSame(KindsObject.struct("event"), e.target());
        assertFalse(proto.isVariadic());
        assertEquals(0, addPid.size());

        assertEquals(BtfLinkage.STATIC, func("twice").linkage());
        BtfFuncProto prog = func("handle_getppid").proto();
        BtfPointer ctx = assertInstanceOf(BtfPointer.class, prog.params().get(0).type());
        assertInstanceOf(BtfVoid.class, ctx.target());

        BtfPointer callback = assertInstanceOf(BtfPointer.class, member("event", "callback").type());
        BtfFuncProto fp = assertInstanceOf(BtfFuncProto.class, callback.target());
        assertInstanceOf(BtfVoid.class, fp.returnType());
        assertEquals(List.of("", ""), fp.params().stream().map(BtfParam::name).toList());
    }

    @Test
    void variableLinkage() {
        assertEquals(BtfLinkage.GLOBAL, var("min_duration_ms").linkage());
        assertEquals(BtfLinkage.STATIC, var("static_counter").linkage());
        assertEquals(BtfLinkage.EXTERN, var("LINUX_KERNEL_VERSION").linkage());
        assertEquals(136, var("last_event").size());
        assertEquals(8, var("last_event").alignment());
    }

    @Test
    void declTags() {
        List<BtfDeclTag> tags = BTF.types().stream().filter(BtfDeclTag.class::isInstance).map(BtfDeclTag.class::cast)
                .toList();
        assertEquals(List.of("param_tag", "struct_tag", "member_tag", "var_tag"),
                tags.stream().map(BtfType::name).toList());
        assertEquals(List.of("add_pid", "tagged", "tagged", "tagged_value"),
                tags.stream().map(t -> t.target().name()).toList());
        assertEquals(List.of(0, -1, 0, -1), tags.stream().map(BtfDeclTag::componentIndex).toList());
        assertInstanceOf(BtfFunc.class, tags.get(0).target());
        assertInstanceOf(BtfVar.class, tags.get(3).target());
        assertTrue(tags.stream().noneMatch(BtfDeclTag::isAttribute));
        assertTrue(BTF.allByName("struct_tag").isEmpty(), "tag values are not type names");
    }

    private static Set<BtfKind> missing(Set<BtfKind> expected, Set<BtfKind> actual) {
        Set<BtfKind> m = EnumSet.copyOf(expected);
        m.removeAll(actual);
        return m;
    }
}
