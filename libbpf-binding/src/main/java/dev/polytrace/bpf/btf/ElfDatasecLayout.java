package dev.polytrace.bpf.btf;

import dev.polytrace.bpf.elf.ElfFile;
import dev.polytrace.bpf.elf.ElfSection;
import dev.polytrace.bpf.elf.ElfSymbol;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** Section sizes from the section headers, variable offsets from the symbols defined in each section. */
final class ElfDatasecLayout implements DatasecLayout {
    private final ElfFile elf;
    /** Section index, then symbol name: the symbol's value, which in a relocatable object is its offset. */
    private final Map<Integer, Map<String, Long>> symbolOffsets = new HashMap<>();

    ElfDatasecLayout(ElfFile elf) {
        this.elf = elf;
        for (ElfSymbol s : elf.symbols()) {
            if (s.isDefined() && s.type() != ElfSymbol.Type.SECTION && !s.name().isEmpty()) {
                symbolOffsets.computeIfAbsent(s.sectionIndex(), k -> new HashMap<>()).putIfAbsent(s.name(), s.value());
            }
        }
    }

    @Override
    public OptionalLong sectionSize(String section) {
        Optional<ElfSection> found = elf.section(section);
        return found.isPresent() ? OptionalLong.of(found.get().size()) : OptionalLong.empty();
    }

    @Override
    public OptionalLong variableOffset(String section, String variable) {
        Optional<ElfSection> found = elf.section(section);
        if (found.isEmpty()) {
            return OptionalLong.empty();
        }
        Long offset = symbolOffsets.getOrDefault(found.get().index(), Map.of()).get(variable);
        return offset == null ? OptionalLong.empty() : OptionalLong.of(offset);
    }
}
