package dev.polytrace.bpf;

import dev.polytrace.bpf.btf.Btf;
import dev.polytrace.bpf.elf.ElfFile;
import dev.polytrace.bpf.elf.ElfSection;
import java.util.ArrayList;
import java.util.List;

/**
 * The maps libbpf creates by itself when it opens an object, one per non-empty data section
 * ({@code .data}, {@code .data.*}, {@code .rodata}, {@code .rodata.*}, {@code .bss},
 * {@code .bss.*}) plus {@code .kconfig} when the object reads Kconfig externs, whether or not
 * the section has BTF variables (a {@code .rodata.str1.1} of string literals has none). Found
 * in pure Java, so a package can be checked against them without libbpf; the names are those
 * libbpf 1.1 gives, which depend on the object's name.
 */
public final class InternalMaps {
    /** BPF_OBJ_NAME_LEN: the kernel's limit on object names, NUL included. */
    private static final int OBJ_NAME_LEN = 16;

    /** One such map: its name as libbpf gives it, the ELF section it holds and that section's size in bytes. */
    public record InternalMap(String name, String section, long size) {
    }

    private InternalMaps() {
    }

    /** The maps libbpf creates for {@code elf} opened as {@code objectName}, in section order, .kconfig last. */
    public static List<InternalMap> of(ElfFile elf, Btf btf, String objectName) {
        List<InternalMap> maps = new ArrayList<>();
        for (ElfSection s : elf.sections()) {
            if (s.size() > 0 && !s.isExecutable() && isDataSectionName(s.name()) && holdsData(s)) {
                maps.add(new InternalMap(name(objectName, s.name()), s.name(), s.size()));
            }
        }
        // libbpf lays out one map for the __kconfig externs, which clang lists in a .kconfig DATASEC
        // (of size 0 in the object: libbpf places them, so the size here is their sum, unaligned).
        if (btf != null && btf.datasec(".kconfig").map(d -> !d.vars().isEmpty()).orElse(false)) {
            long size = btf.datasec(".kconfig").get().vars().stream().mapToLong(v -> v.var().type().size()).sum();
            maps.add(new InternalMap(name(objectName, ".kconfig"), ".kconfig", size));
        }
        return List.copyOf(maps);
    }

    /** Whether libbpf makes a map of a section by this name: .data, .rodata, .bss and their ".name" variants. */
    public static boolean isDataSectionName(String section) {
        for (String base : List.of(".data", ".rodata", ".bss")) {
            if (section.equals(base) || section.startsWith(base + ".")) {
                return true;
            }
        }
        return false;
    }

    /** .bss is NOBITS; .data and .rodata must have contents (libbpf skips other section types). */
    private static boolean holdsData(ElfSection s) {
        return s.name().startsWith(".bss") ? s.type() == ElfSection.SHT_NOBITS : s.type() == ElfSection.SHT_PROGBITS;
    }

    /**
     * The name libbpf gives the map of {@code section} in an object opened as {@code objectName}.
     * This follows {@code internal_map_name()} in libbpf 1.1's libbpf.c: the suffix is the whole
     * section name (at least 7 characters are reserved for it, at most 15 kept), prefixed by as
     * much of the object name as fits in the kernel's 15 characters, except that a section name
     * with a second dot ({@code .rodata.str1.1}) gets no prefix; characters the kernel refuses in
     * names become {@code _}. Examples: {@code runqlat_.rodata}, {@code my_long.kconfig}
     * ({@code .kconfig} is 8 characters), {@code .rodata.str1.1}.
     */
    public static String name(String objectName, String section) {
        // libbpf keeps at most 15 characters of the object name (its name field is BPF_OBJ_NAME_LEN).
        String object = objectName.length() > OBJ_NAME_LEN - 1 ? objectName.substring(0, OBJ_NAME_LEN - 1)
                : objectName;
        int suffixLength = Math.min(Math.max(7, section.length()), OBJ_NAME_LEN - 1);
        int prefixLength = section.indexOf('.', 1) >= 0 ? 0
                : Math.min(OBJ_NAME_LEN - suffixLength - 1, object.length());
        String name = object.substring(0, prefixLength) + section.substring(0, Math.min(suffixLength, section.length()));
        StringBuilder sanitized = new StringBuilder(name.length());
        for (char c : name.toCharArray()) {
            sanitized.append(isAsciiAlnum(c) || c == '_' || c == '.' ? c : '_');
        }
        return sanitized.toString();
    }

    private static boolean isAsciiAlnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
}
