package dev.polytrace.bpf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.polytrace.bpf.InternalMaps.InternalMap;
import dev.polytrace.bpf.btf.Btf;
import dev.polytrace.bpf.elf.ElfFile;
import dev.polytrace.bpf.testing.KernelTest;
import dev.polytrace.bpf.testing.TestObjects;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The pure-Java account of libbpf's own maps agrees with what the system libbpf opens. */
@KernelTest
class InternalMapsLibbpfKernelTest {
    @ParameterizedTest
    @ValueSource(strings = {"dsec", "my_long_object_name", "we-ird.name", "a_very_long_object_name_indeed"})
    void sameNamesAndSizesAsLibbpf(String objectName) {
        byte[] bytes = TestObjects.bytes("data_sections");
        ElfFile elf = ElfFile.parse(bytes, objectName);
        List<InternalMap> ours = InternalMaps.of(elf, Btf.fromElf(elf), objectName);
        try (OpenBpfObject open = OpenBpfObject.open(bytes, objectName)) {
            Set<String> libbpf = open.maps().stream().filter(OpenMap::isInternal).map(m -> m.name() + "="
                    + (m.name().endsWith(".kconfig") ? "" : m.valueSize())).collect(Collectors.toSet());
            Set<String> expected = ours.stream().map(m -> m.name() + "="
                    + (m.section().equals(".kconfig") ? "" : m.size())).collect(Collectors.toSet());
            assertEquals(expected, libbpf);
        }
    }
}
