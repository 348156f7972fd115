package dev.polytrace.bpf.btf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.polytrace.bpf.BpfFormatException;
import dev.polytrace.bpf.elf.ElfFile;
import dev.polytrace.bpf.elf.ElfSection;
import dev.polytrace.bpf.elf.TestObjects;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Malformed BTF fails with one BpfFormatException naming the offset or type id, never anything else. */
class BtfErrorTest {
    private static final byte[] RAW = KindsObject.ELF.sectionData(".BTF").orElseThrow();
    private static final int SIGNED = 1;

    private static String failure(byte[] raw) {
        return assertThrows(BpfFormatException.class, () -> Btf.parse(raw, "bad")).getMessage();
    }

    @Test
    void badMagic() {
        byte[] elf = TestObjects.resource(TestObjects.BTF_KINDS);
        assertEquals("BTF parse(bad) failed: bad magic 0x457f (expected 0xeb9f): not BTF data", failure(elf));
    }

    @Test
    void shortHeaderAndBadVersion() {
        assertEquals("BTF parse(bad) failed: truncated: BTF header needs 24 bytes, data has 0", failure(new byte[0]));
        assertEquals("BTF parse(bad) failed: truncated: BTF header needs 24 bytes, data has 10",
                failure(Arrays.copyOf(RAW, 10)));
        byte[] v2 = RAW.clone();
        v2[2] = 2;
        assertEquals("BTF parse(bad) failed: unsupported BTF version 2 (expected 1)", failure(v2));
    }

    @Test
    void everyTruncationOfTheObjectsBtfFails() {
        for (int cut = 0; cut < RAW.length; cut++) {
            try {
                Btf.parse(Arrays.copyOf(RAW, cut), "cut" + cut);
                fail("parsing the first " + cut + " of " + RAW.length + " bytes succeeded");
            } catch (BpfFormatException expected) {
                assertTrue(expected.getMessage().startsWith("BTF parse(cut" + cut + ") failed: "), expected.getMessage());
            }
        }
    }

    @Test
    void truncatedTypeRecordNamesTheTypeAndOffset() {
        BtfBlob b = new BtfBlob(ByteOrder.LITTLE_ENDIAN);
        b.type("s", BtfKind.STRUCT, false, 2, 8, b.str("a"), 0, 0); // claims 2 members, has 1
        assertEquals("BTF parse(bad) failed: truncated: STRUCT record of type id 1 at offset 24 needs 36 bytes,"
                + " type section ends at 48", failure(b.build()));
    }

    @Test
    void referenceToANonexistentTypeId() {
        BtfBlob b = new BtfBlob(ByteOrder.LITTLE_ENDIAN);
        b.intType("int", 4, SIGNED, 32);
        b.type(null, BtfKind.PTR, false, 0, 99);
        assertEquals("BTF parse(bad) failed: type id 2 (PTR) pointer target references type id 99, which does not"
                + " exist (ids end at 2)", failure(b.build()));
    }

    @Test
    void memberReferenceToANonexistentTypeIdNamesTheMember() {
        BtfBlob b = new BtfBlob(ByteOrder.LITTLE_ENDIAN);
        b.type("s", BtfKind.STRUCT, false, 1, 4, b.str("m"), 7, 0);
        assertEquals("BTF parse(bad) failed: type id 1 (STRUCT) member 0 references type id 7, which does not exist"
                + " (ids end at 1)", failure(b.build()));
    }

    @Test
    void stringOffsetOutOfRange() {
        BtfBlob b = new BtfBlob(ByteOrder.LITTLE_ENDIAN);
        b.typeAt(1000, BtfKind.INT.code(), false, 0, 4, 32);
        assertEquals("BTF parse(bad) failed: type id 1 (INT) name offset 1000 is outside the string section (ends at 1)",
                failure(b.build()));
    }

    @Test
    void unknownKind() {
        BtfBlob b = new BtfBlob(ByteOrder.LITTLE_ENDIAN);
        b.typeAt(0, 25, false, 0, 0);
        assertEquals("BTF parse(bad) failed: type id 1 at offset 24 has unknown kind 25", failure(b.build()));
    }

    @Test
    void unknownLinkageAndWrongPrototypeKind() {
        BtfBlob linkage = new BtfBlob(ByteOrder.LITTLE_ENDIAN);
        int proto = linkage.type(null, BtfKind.FUNC_PROTO, false, 0, 0);
        linkage.type("f", BtfKind.FUNC, false, 7, proto);
        assertEquals("BTF parse(bad) failed: type id 2 (FUNC) has unknown linkage 7", failure(linkage.build()));

        BtfBlob notProto = new BtfBlob(ByteOrder.LITTLE_ENDIAN);
        int i32 = notProto.intType("int", 4, SIGNED, 32);
        notProto.type("f", BtfKind.FUNC, false, 1, i32);
        assertEquals("BTF parse(bad) failed: type id 2 (FUNC) 'f' has prototype type id 1, which is a INT, not a"
                + " FUNC_PROTO", failure(notProto.build()));
    }

    @Test
    void typedefCycle() {
        BtfBlob b = new BtfBlob(ByteOrder.LITTLE_ENDIAN);
        b.type("a", BtfKind.TYPEDEF, false, 0, 2);
        b.type("b", BtfKind.CONST, false, 0, 1);
        String message = failure(b.build());
        assertTrue(message.matches("BTF parse\\(bad\\) failed: type id [12] \\((TYPEDEF|CONST)\\) is part of a reference"
                + " cycle through typedefs, modifiers, arrays or by-value members"), message);
    }

    @Test
    void structContainingItselfByValue() {
        BtfBlob b = new BtfBlob(ByteOrder.LITTLE_ENDIAN);
        b.type("loop", BtfKind.STRUCT, false, 1, 8, b.str("self"), 1, 0);
        assertEquals("BTF parse(bad) failed: type id 1 (STRUCT) is part of a reference cycle through typedefs,"
                + " modifiers, arrays or by-value members", failure(b.build()));
    }

    @Test
    void pointerCycleWithoutANamedTypeCannotBeSpelled() {
        BtfBlob b = new BtfBlob(ByteOrder.LITTLE_ENDIAN);
        b.type(null, BtfKind.PTR, false, 0, 2);
        b.type(null, BtfKind.PTR, false, 0, 1);
        assertTrue(failure(b.build()).endsWith("is part of a reference cycle through pointers, modifiers, arrays or"
                + " function prototypes"));
    }

    @Test
    void selfReferenceThroughAPointerIsFine() {
        BtfBlob b = new BtfBlob(ByteOrder.LITTLE_ENDIAN);
        int ptr = b.type(null, BtfKind.PTR, false, 0, 2);
        int list = b.type("list_head", BtfKind.STRUCT, false, 2, 16, b.str("next"), ptr, 0, b.str("prev"), ptr, 64);
        Btf btf = Btf.parse(b.build(), "list");
        BtfStruct s = (BtfStruct) btf.type(list);
        assertEquals("struct list_head *", s.member("prev").orElseThrow().type().cName());
        assertEquals(8, s.alignment());
    }

    @Test
    void nestingDeeperThanTheLimit() {
        BtfBlob b = new BtfBlob(ByteOrder.LITTLE_ENDIAN);
        int t = b.intType("int", 4, SIGNED, 32);
        for (int i = 0; i < BtfValidator.MAX_DEPTH + 10; i++) {
            t = b.type("t" + i, BtfKind.TYPEDEF, false, 0, t);
        }
        assertTrue(failure(b.build()).endsWith("(TYPEDEF) nests types more than 256 levels deep"));
    }

    @Test
    void unterminatedStringSection() {
        byte[] raw = RAW.clone();
        raw[raw.length - 1] = 'x';
        assertTrue(failure(raw).endsWith("does not end with NUL"), failure(raw));
    }

    @Test
    void objectWithoutBtf() {
        byte[] object = TestObjects.resource(TestObjects.BTF_KINDS);
        for (ElfSection s : KindsObject.ELF.sections()) {
            if (s.type() == ElfSection.SHT_STRTAB) { // rename .BTF (and .BTF.ext, .rel.BTF) to .XTF
                for (int i = (int) s.offset(); i + 4 <= s.offset() + s.size(); i++) {
                    if (object[i] == '.' && object[i + 1] == 'B' && object[i + 2] == 'T' && object[i + 3] == 'F') {
                        object[i + 1] = 'X';
                    }
                }
            }
        }
        ElfFile stripped = ElfFile.parse(object, "stripped.o");
        assertTrue(stripped.section(".BTF").isEmpty());
        assertTrue(stripped.section(".XTF").isPresent());
        BpfFormatException e = assertThrows(BpfFormatException.class, () -> Btf.fromElf(stripped));
        assertEquals("BTF parse(stripped.o) failed: object has no .BTF section: compile with clang -g", e.getMessage());
    }

    /** Random corruption: parsing and every accessor either work or fail with BpfFormatException. */
    @Test
    void randomCorruptionNeverEscapesAsAnotherException() {
        Random random = new Random(0xb7f);
        int parsed = 0;
        for (int round = 0; round < 3000; round++) {
            byte[] corrupt = RAW.clone();
            int flips = 1 + random.nextInt(4);
            for (int i = 0; i < flips; i++) {
                corrupt[random.nextInt(corrupt.length - 1)] = (byte) random.nextInt(256); // keep the final NUL
            }
            try {
                BtfWalker.touchEverything(Btf.parse(corrupt, "fuzz"));
                parsed++;
            } catch (BpfFormatException expected) {
                // fine: a clear format error
            }
        }
        assertTrue(parsed > 0, "some corruptions (e.g. inside names) still parse");
    }
}
