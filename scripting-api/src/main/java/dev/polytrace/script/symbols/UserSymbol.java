package dev.polytrace.script.symbols;

import java.nio.file.Path;

/**
 * A user-space address resolved through the process's mappings and the mapped file's ELF symbols.
 *
 * @param name the function, or "" when the file has no symbol covering the address
 * @param offset distance from the function's start (meaningless when name is "")
 * @param file the mapped file as {@code /proc/PID/maps} names it
 * @param fileOffset where the address falls in the file, for offline symbolization
 */
public record UserSymbol(String name, long offset, String file, long fileOffset) {
    /** The file's base name, {@code libc.so.6}. */
    public String module() {
        Path name = Path.of(file).getFileName();
        return name == null ? file : name.toString();
    }

    /** {@code func+0x10 (libc.so.6)}, or the address and the module when the symbol is unknown. */
    public String text(long address) {
        String where = " (" + module() + ")";
        return name.isEmpty() ? Addresses.hex(address) + where : name + "+0x" + Long.toHexString(offset) + where;
    }
}
