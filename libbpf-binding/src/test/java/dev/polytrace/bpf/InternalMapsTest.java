package dev.polytrace.bpf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.polytrace.bpf.InternalMaps.InternalMap;
import dev.polytrace.bpf.btf.Btf;
import dev.polytrace.bpf.elf.ElfFile;
import dev.polytrace.bpf.testing.TestObjects;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The data-section maps libbpf creates, found without libbpf and named as libbpf 1.1 names them. */
class InternalMapsTest {
    private static final byte[] OBJECT = TestObjects.bytes("data_sections");

    @ParameterizedTest
    @CsvSource({
        "runqlat,             .rodata,        runqlat.rodata",
        "test_bpf,            .rodata,        test_bpf.rodata",
        "my_long_object_name, .rodata,        my_long_.rodata",
        "my_long_object_name, .bss,           my_long_.bss",
        "my_long_object_name, .kconfig,       my_long.kconfig",
        "my_long_object_name, .rodata.str1.1, .rodata.str1.1",
        "ab,                  .data.tagged,   .data.tagged",
        "we-ird.name,         .rodata,        we_ird.n.rodata",
        "x,                   .rodata.a_very_long_name, .rodata.a_very_",
    })
    void namesFollowLibbpfsInternalMapName(String object, String section, String expected) {
        assertEquals(expected, InternalMaps.name(object, section));
    }

    @Test
    void everyNonEmptyDataSectionAndKconfig() {
        ElfFile elf = ElfFile.parse(OBJECT, "data_sections");
        List<InternalMap> maps = InternalMaps.of(elf, Btf.fromElf(elf), "dsec");
        assertEquals(Set.of(".data", ".data.tagged", ".rodata", ".rodata.str1.1", ".bss", ".bss.scratch",
                ".kconfig"), maps.stream().map(InternalMap::section).collect(Collectors.toSet()));
        assertEquals(7, maps.size());
        assertEquals(".kconfig", maps.get(6).section(), "libbpf adds the Kconfig map after the sections");
    }
}
