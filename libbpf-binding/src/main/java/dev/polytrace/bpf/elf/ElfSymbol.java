package dev.polytrace.bpf.elf;

/**
 * One entry of a symbol table ({@code .symtab} or {@code .dynsym}).
 *
 * @param name         the symbol name, "" when unnamed
 * @param value        st_value: an address in executables and shared objects, a section offset in
 *                     relocatable objects
 * @param size         st_size in bytes, 0 when unknown
 * @param type         what the symbol names
 * @param binding      its visibility to the linker
 * @param sectionIndex st_shndx: the defining section, {@link #SHN_UNDEF} for an undefined symbol, or
 *                     a reserved index such as {@link #SHN_ABS}
 */
public record ElfSymbol(String name, long value, long size, Type type, Binding binding, int sectionIndex) {
    public static final int SHN_UNDEF = 0;
    public static final int SHN_ABS = 0xfff1;
    public static final int SHN_COMMON = 0xfff2;
    public static final int SHN_XINDEX = 0xffff;

    /** Whether the symbol is defined in this file (not an import). */
    public boolean isDefined() {
        return sectionIndex != SHN_UNDEF;
    }

    /** Whether the symbol names code: a function or a GNU indirect function (its resolver). */
    public boolean isFunction() {
        return type == Type.FUNC || type == Type.GNU_IFUNC;
    }

    /** Symbol type, the low four bits of st_info. */
    public enum Type {
        NOTYPE, OBJECT, FUNC, SECTION, FILE, COMMON, TLS, GNU_IFUNC, OTHER;

        static Type of(int code) {
            return switch (code) {
                case 0 -> NOTYPE;
                case 1 -> OBJECT;
                case 2 -> FUNC;
                case 3 -> SECTION;
                case 4 -> FILE;
                case 5 -> COMMON;
                case 6 -> TLS;
                case 10 -> GNU_IFUNC;
                default -> OTHER;
            };
        }
    }

    /** Symbol binding, the high four bits of st_info. */
    public enum Binding {
        LOCAL, GLOBAL, WEAK, GNU_UNIQUE, OTHER;

        static Binding of(int code) {
            return switch (code) {
                case 0 -> LOCAL;
                case 1 -> GLOBAL;
                case 2 -> WEAK;
                case 10 -> GNU_UNIQUE;
                default -> OTHER;
            };
        }
    }
}
