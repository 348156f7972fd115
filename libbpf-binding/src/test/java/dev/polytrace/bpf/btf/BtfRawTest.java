package dev.polytrace.bpf.btf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Encodings clang 14 does not produce, written by hand with {@link BtfBlob}. */
class BtfRawTest {
    private static final int SIGNED = 1;

    @Test
    void enum64WithSignedAndUnsignedValues() {
        BtfBlob b = new BtfBlob(ByteOrder.LITTLE_ENDIAN);
        int wide = b.type("wide", BtfKind.ENUM64, false, 2, 8,
                b.str("BIG"), 0x2345_6789, 0x1,               // 0x1_2345_6789
                b.str("ALL_ONES"), -1, -1);                    // 2^64 - 1
        int signedWide = b.type("signed_wide", BtfKind.ENUM64, true, 1, 8, b.str("MINUS_FIVE"), -5, -1);
        Btf btf = Btf.parse(b.build(), "enum64");

        BtfEnum e = assertInstanceOf(BtfEnum.class, btf.type(wide));
        assertTrue(e.is64());
        assertEquals(BtfKind.ENUM64, e.kind());
        assertFalse(e.signed());
        assertEquals(List.of(new BtfEnumValue("BIG", 0x1_2345_6789L), new BtfEnumValue("ALL_ONES", -1L)), e.values());
        assertEquals("enum wide", e.cName());
        assertEquals(Optional.of("BIG"), e.nameOf(0x1_2345_6789L));
        assertEquals(Optional.empty(), e.nameOf(0x2345_6789L), "all 8 bytes count");

        BtfEnum s = assertInstanceOf(BtfEnum.class, btf.type(signedWide));
        assertTrue(s.signed());
        assertEquals(-5L, s.values().get(0).value());
    }

    @Test
    void signedEnumUsesKindFlag() {
        BtfBlob b = new BtfBlob(ByteOrder.LITTLE_ENDIAN);
        int signed = b.type("sign", BtfKind.ENUM, true, 2, 4, b.str("NEG"), -3, b.str("POS"), 3);
        int unsigned = b.type("nosign", BtfKind.ENUM, false, 1, 4, b.str("HIGH"), -3);
        Btf btf = Btf.parse(b.build(), "enums");
        BtfEnum s = (BtfEnum) btf.type(signed);
        assertTrue(s.signed());
        assertEquals(-3L, s.values().get(0).value());
        assertEquals(Optional.of("NEG"), s.nameOf(-3));
        BtfEnum u = (BtfEnum) btf.type(unsigned);
        assertEquals(0xffff_fffdL, u.values().get(0).value());
    }

    /** Without kind_flag, a bitfield's width is the bits of its INT type (and any INT bit offset adds). */
    @Test
    void bitfieldsWithoutKindFlag() {
        BtfBlob b = new BtfBlob(ByteOrder.LITTLE_ENDIAN);
        int u32 = b.intType("unsigned int", 4, 0, 32);
        int three = b.intType("unsigned int", 4, 0, 3);
        int shifted = b.type("int", BtfKind.INT, false, 0, 4, SIGNED << 24 | 2 << 16 | 4); // 4 bits at bit 2
        int st = b.type("legacy", BtfKind.STRUCT, false, 3, 4,
                b.str("whole"), u32, 0,
                b.str("three"), three, 0,
                b.str("shifted"), shifted, 3);
        BtfStruct s = (BtfStruct) Btf.parse(b.build(), "legacy").type(st);
        record Field(long bitOffset, int bits) {
        }
        assertEquals(List.of(new Field(0, 0), new Field(0, 3), new Field(5, 4)),
                s.members().stream().map(m -> new Field(m.bitOffset(), m.bitfieldSize())).toList());
    }

    @Test
    void variadicPrototypeAndDeclaratorSpellings() {
        BtfBlob b = new BtfBlob(ByteOrder.LITTLE_ENDIAN);
        int i32 = b.intType("int", 4, SIGNED, 32);
        int chr = b.intType("char", 1, SIGNED, 8);
        int constChar = b.type(null, BtfKind.CONST, false, 0, chr);
        int str = b.type(null, BtfKind.PTR, false, 0, constChar);
        int printf = b.type(null, BtfKind.FUNC_PROTO, false, 2, i32, b.str("fmt"), str, 0, 0);
        int noArgs = b.type(null, BtfKind.FUNC_PROTO, false, 0, i32);
        int index = b.intType("__ARRAY_SIZE_TYPE__", 4, 0, 32);
        int row = b.type(null, BtfKind.ARRAY, false, 0, 0, i32, index, 3);
        int rowPtr = b.type(null, BtfKind.PTR, false, 0, row);
        int intPtr = b.type(null, BtfKind.PTR, false, 0, i32);
        int unary = b.type(null, BtfKind.FUNC_PROTO, false, 1, intPtr, 0, i32);
        int unaryPtr = b.type(null, BtfKind.PTR, false, 0, unary);
        int table = b.type(null, BtfKind.ARRAY, false, 0, 0, unaryPtr, index, 4);
        int constPtr = b.type(null, BtfKind.CONST, false, 0, rowPtr);
        int ldouble = b.type("long double", BtfKind.FLOAT, false, 0, 16);
        Btf btf = Btf.parse(b.build(), "spellings");

        BtfFuncProto p = (BtfFuncProto) btf.type(printf);
        assertTrue(p.isVariadic());
        assertEquals(1, p.params().size());
        assertEquals("int (const char *fmt, ...)", p.cName());
        assertEquals("int (void)", btf.type(noArgs).cName());
        assertEquals("int (*)[3]", btf.type(rowPtr).cName());
        assertEquals("int *(int)", btf.type(unary).cName());
        assertEquals("int *(*)(int)", btf.type(unaryPtr).cName());
        assertEquals("int *(*[4])(int)", btf.type(table).cName());
        assertEquals("int (*const)[3]", btf.type(constPtr).cName());
        assertEquals(32, btf.type(table).size());
        assertEquals(16, btf.type(ldouble).size());
        assertEquals(16, btf.type(ldouble).alignment());
    }

    @Test
    void tagsWithKindFlagAreAttributes() {
        BtfBlob b = new BtfBlob(ByteOrder.LITTLE_ENDIAN);
        int i32 = b.intType("int", 4, SIGNED, 32);
        int typeTag = b.type("address_space(1)", BtfKind.TYPE_TAG, true, 0, i32);
        int var = b.type("v", BtfKind.VAR, false, 0, typeTag, 1);
        int declTag = b.type("aligned(8)", BtfKind.DECL_TAG, true, 0, var, -1);
        Btf btf = Btf.parse(b.build(), "attributes");
        assertTrue(((BtfQualifier) btf.type(typeTag)).isAttribute());
        assertTrue(((BtfDeclTag) btf.type(declTag)).isAttribute());
        assertEquals("int v", btf.type(var).cName());
    }

    @ParameterizedTest
    @EnumSource(ByteOrderName.class)
    void bothByteOrdersDecodeTheSameTypes(ByteOrderName name) {
        BtfBlob b = new BtfBlob(name.order);
        int u16 = b.intType("unsigned short", 2, 0, 16);
        int s = b.type("pair", BtfKind.STRUCT, false, 2, 4, b.str("a"), u16, 0, b.str("b"), u16, 16);
        Btf btf = Btf.parse(b.build(), name.name());
        assertEquals(name.order, btf.byteOrder());
        BtfStruct pair = (BtfStruct) btf.type(s);
        assertEquals("struct pair", pair.cName());
        assertEquals(2, pair.member("b").orElseThrow().byteOffset());
        assertEquals(2, pair.alignment());
    }

    /** A struct whose size is not a multiple of its members' alignment must be packed. */
    @Test
    void packedStructHasAlignmentOne() {
        BtfBlob b = new BtfBlob(ByteOrder.LITTLE_ENDIAN);
        int u8 = b.intType("unsigned char", 1, 0, 8);
        int u32 = b.intType("unsigned int", 4, 0, 32);
        int packed = b.type("packed", BtfKind.STRUCT, false, 2, 5, b.str("tag"), u8, 0, b.str("value"), u32, 8);
        int natural = b.type("natural", BtfKind.STRUCT, false, 2, 8, b.str("tag"), u8, 0, b.str("value"), u32, 32);
        Btf btf = Btf.parse(b.build(), "packed");
        assertEquals(1, btf.type(packed).alignment());
        assertEquals(4, btf.type(natural).alignment());
    }

    @Test
    void byNamePrefersDefinitionsOverDeclarations() {
        BtfBlob b = new BtfBlob(ByteOrder.LITTLE_ENDIAN);
        int fwd = b.type("thing", BtfKind.FWD, false, 0, 0);
        int proto = b.type(null, BtfKind.FUNC_PROTO, false, 0, 0);
        int func = b.type("thing", BtfKind.FUNC, false, 1, proto);
        int struct = b.type("thing", BtfKind.STRUCT, false, 0, 0);
        Btf btf = Btf.parse(b.build(), "names");
        assertEquals(List.of(fwd, func, struct), btf.allByName("thing").stream().map(BtfType::id).toList());
        assertEquals(struct, btf.byName("thing").orElseThrow().id());
        assertEquals(fwd, btf.byName("thing", BtfFwd.class).orElseThrow().id());
        assertEquals(func, btf.byName("thing", BtfFunc.class).orElseThrow().id());
        assertTrue(btf.byName("thing", BtfEnum.class).isEmpty());
        assertTrue(btf.byName("other").isEmpty());
    }

    @Test
    void splitBtfContinuesIdsAndStringsOfItsBase() {
        BtfBlob baseBlob = new BtfBlob(ByteOrder.LITTLE_ENDIAN);
        int u32 = baseBlob.intType("unsigned int", 4, 0, 32);
        int listHead = baseBlob.type("list_head", BtfKind.STRUCT, false, 0, 16);
        Btf base = Btf.parse(baseBlob.build(), "vmlinux");

        BtfBlob split = new BtfBlob(ByteOrder.LITTLE_ENDIAN, base.typeCount(), baseBlob.stringLength());
        int typedef = split.typeAt(baseBlob.str("unsigned int"), BtfKind.TYPEDEF.code(), false, 0, u32);
        int module = split.type("module_thing", BtfKind.STRUCT, false, 2, 24,
                split.str("id"), typedef, 0, split.str("link"), listHead, 64);
        Btf btf = Btf.parse(split.build(), base, "my_module");

        assertEquals(3, base.typeCount());
        assertEquals(5, btf.typeCount());
        assertEquals(3, typedef);
        assertSame(base.type(u32), btf.type(u32));
        assertSame(base.type(0), btf.types().get(0));
        assertEquals("unsigned int", btf.type(typedef).name(), "name from the base's strings");
        BtfStruct thing = (BtfStruct) btf.type(module);
        assertEquals(List.of("id", "link"), thing.members().stream().map(BtfMember::name).toList());
        assertSame(base.type(listHead), thing.member("link").orElseThrow().type());
        assertEquals(Optional.of(base.type(listHead)), btf.byName("list_head"));
        assertEquals(List.of(u32, typedef), btf.allByName("unsigned int").stream().map(BtfType::id).toList());
        assertEquals(Optional.of(base), btf.base());
        assertEquals("BTF my_module (5 types, split from vmlinux)", btf.toString());
    }

    /** EnumSource needs an enum; ByteOrder is a class. */
    enum ByteOrderName {
        LITTLE_ENDIAN(ByteOrder.LITTLE_ENDIAN), BIG_ENDIAN(ByteOrder.BIG_ENDIAN);

        final ByteOrder order;

        ByteOrderName(ByteOrder order) {
            this.order = order;
        }
    }
}
