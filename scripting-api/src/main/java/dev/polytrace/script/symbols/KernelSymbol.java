package dev.polytrace.script.symbols;

/**
 * A kernel address resolved against {@code /proc/kallsyms}: the symbol at or below it and the
 * distance from its start.
 *
 * @param module the module that holds it ({@code ext4}, {@code bpf}), or "" for the kernel image
 */
public record KernelSymbol(String name, long address, long offset, String module) {
    /** {@code name+0x1a}, as BCC and perf print kernel frames. */
    public String text() {
        return name + "+0x" + Long.toHexString(offset);
    }
}
