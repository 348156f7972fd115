package dev.polytrace.host.pkg;

/**
 * A tunable global of the object: a {@code const volatile} in .rodata (fixed at load) or a
 * .bss/.data variable (changeable while running).
 *
 * @param name         the C variable name, also the {@code --param} name
 * @param cType        the C type as written by BTF, e.g. "unsigned int", "bool", "char[16]", "enum mode"
 * @param section      ".rodata", ".bss" or ".data"
 * @param defaultValue JSON-ready default (number, boolean, string, enum name) from the object's ELF
 * @param help         text of the {@code ///} comment above the declaration, or ""
 * @param flag         optional command-line flag name (eunomia cmdarg.long), or null to use the name
 */
public record PackageParam(String name, String cType, String section, Object defaultValue, String help, String flag) {
    public boolean isRuntimeWritable() {
        return !section.startsWith(".rodata");
    }
}
