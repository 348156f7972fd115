package dev.polytrace.bpf.elf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.polytrace.bpf.BpfException;
import dev.polytrace.bpf.BpfFormatException;
import dev.polytrace.bpf.Errno;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Malformed input must fail with one clear BpfFormatException, never another exception type. */
class ElfErrorTest {
    private final byte[] object = TestObjects.resource(TestObjects.BTF_KINDS);

    private static String failure(byte[] bytes) {
        return assertThrows(BpfFormatException.class, () -> ElfFile.parse(bytes, "bad.o")).getMessage();
    }

    @Test
    void nonElfBytesAreNamedByTheirFirstBytes() {
        byte[] json = "{\"kind\": \"not elf\"}".getBytes(StandardCharsets.US_ASCII);
        assertEquals("ELF parse(bad.o) failed: not an ELF file (starts with 7b 22 6b 69 6e 64 22 3a ...)", failure(json));
        assertEquals("ELF parse(bad.o) failed: not an ELF file (starts with 7f 45 4c)",
                failure(new byte[] {0x7f, 'E', 'L'}));
        assertEquals("ELF parse(bad.o) failed: not an ELF file (file is empty)", failure(new byte[0]));
    }

    @Test
    void everyTruncationOfTheObjectFailsWithAFormatError() {
        for (int cut = 0; cut < object.length; cut++) {
            byte[] prefix = Arrays.copyOf(object, cut);
            try {
                ElfFile.parse(prefix, "cut" + cut);
                fail("parsing the first " + cut + " of " + object.length + " bytes succeeded");
            } catch (BpfFormatException expected) {
                assertTrue(expected.getMessage().startsWith("ELF parse(cut" + cut + ") failed: "), expected.getMessage());
            }
        }
    }

    @Test
    void truncationMessagesSayWhatIsMissing() {
        long shoff = ByteBuffer.wrap(object).order(ByteOrder.LITTLE_ENDIAN).getLong(40);
        long tableSize = 64L * TestObjects.btfKindsElf().sections().size();
        assertEquals("ELF parse(bad.o) failed: truncated: section header table at offset " + shoff + " needs "
                + tableSize + " bytes, file has 4096", failure(Arrays.copyOf(object, 4096)));
        assertEquals("ELF parse(bad.o) failed: truncated: ELF64 header at offset 0 needs 64 bytes, file has 40",
                failure(Arrays.copyOf(object, 40)));
    }

    @Test
    void aSectionPastTheEndOfTheFileIsNamed() {
        ElfFile elf = TestObjects.btfKindsElf();
        ElfSection btf = elf.section(".BTF").orElseThrow();
        byte[] patched = object.clone();
        ByteBuffer b = ByteBuffer.wrap(patched).order(ByteOrder.LITTLE_ENDIAN);
        long header = b.getLong(40) + 64L * btf.index();
        b.putLong((int) header + 32, 1_000_000); // sh_size
        assertEquals("ELF parse(bad.o) failed: truncated: section " + btf.index() + " (.BTF) at offset " + btf.offset()
                + " needs 1000000 bytes, file has " + object.length, failure(patched));
    }

    @Test
    void unsupportedIdentificationBytesAreReported() {
        byte[] badClass = object.clone();
        badClass[4] = 3;
        assertEquals("ELF parse(bad.o) failed: unsupported ELF class 3 (expected 1 for ELF32 or 2 for ELF64)",
                failure(badClass));
        byte[] badData = object.clone();
        badData[5] = 0;
        assertEquals("ELF parse(bad.o) failed: unsupported ELF data encoding 0 (expected 1 for little- or 2 for"
                + " big-endian)", failure(badData));
    }

    @Test
    void aBadSymbolStringTableLinkFailsWhenSymbolsAreRead() {
        ElfFile elf = TestObjects.btfKindsElf();
        ElfSection symtab = elf.section(".symtab").orElseThrow();
        byte[] patched = object.clone();
        ByteBuffer b = ByteBuffer.wrap(patched).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt((int) (b.getLong(40) + 64L * symtab.index() + 40), 999); // sh_link
        ElfFile broken = ElfFile.parse(patched, "bad.o");
        BpfFormatException e = assertThrows(BpfFormatException.class, broken::symbols);
        assertEquals("ELF parse(bad.o) failed: symbol table .symtab links to section 999, which is not a string table"
                + " in this file", e.getMessage());
    }

    @Test
    void wrongMachineNamesTheArchitecture() {
        ElfFile host = ElfFile.parse(SampleElf.build(true, ByteOrder.LITTLE_ENDIAN), "host-binary");
        BpfFormatException e = assertThrows(BpfFormatException.class, () -> host.requireMachine(ElfFile.EM_BPF, "BPF"));
        assertEquals("ELF check(host-binary) failed: wrong architecture: machine 8 object, expected BPF", e.getMessage());
    }

    @Test
    void readReportsAMissingFileWithEnoent() {
        BpfException e = assertThrows(BpfException.class, () -> ElfFile.read(Path.of("/nonexistent/x.o")));
        assertEquals(Errno.ENOENT, e.errno());
        assertEquals("ELF read(/nonexistent/x.o)", e.operation());
    }

    /** Random corruption: parsing and every accessor either work or fail with BpfFormatException. */
    @Test
    void randomCorruptionNeverEscapesAsAnotherException() {
        Random random = new Random(0x5eed);
        for (int round = 0; round < 3000; round++) {
            byte[] corrupt = object.clone();
            int flips = 1 + random.nextInt(8);
            for (int i = 0; i < flips; i++) {
                // Aim half of the flips at the headers, where corruption matters most.
                int at = random.nextBoolean() ? random.nextInt(64) : corrupt.length - 1 - random.nextInt(64 * 31);
                corrupt[at] = (byte) random.nextInt(256);
            }
            try {
                exercise(ElfFile.parse(corrupt, "fuzz"));
            } catch (BpfFormatException expected) {
                // fine: a clear format error
            }
        }
    }

    private static void exercise(ElfFile elf) {
        for (ElfSection s : elf.sections()) {
            elf.sectionData(s);
            elf.sectionBuffer(s);
        }
        elf.symbols();
        elf.dynamicSymbols();
        elf.symbolAt(0x30);
        elf.fileOffsetOf(0x30);
        elf.toString();
    }
}
