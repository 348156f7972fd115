package dev.polytrace.script.symbols;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * Names for addresses, behind {@code ctx.ksym} and {@code ctx.usym}: kernel addresses through
 * {@code /proc/kallsyms}, user addresses through the process's mappings and ELF symbols. One is
 * normally shared by every tracer of the host ({@link #system()}). Thread-safe.
 */
public final class Symbolizer {
    private static final Symbolizer SYSTEM = new Symbolizer(KernelSymbols::system, new UserSymbols());

    private final Supplier<KernelSymbols> kernel;
    private final UserSymbols user;

    public Symbolizer(KernelSymbols kernel, UserSymbols user) {
        this(() -> kernel, user);
        Objects.requireNonNull(kernel, "kernel");
    }

    private Symbolizer(Supplier<KernelSymbols> kernel, UserSymbols user) {
        this.kernel = kernel;
        this.user = Objects.requireNonNull(user, "user");
    }

    /** This machine's symbols; {@code /proc/kallsyms} is read on the first kernel lookup. */
    public static Symbolizer system() {
        return SYSTEM;
    }

    /** {@code func+0x1a}, or {@code 0x...} when the address is not a known kernel symbol (or not root). */
    public String ksym(long address) {
        return kernel.get().format(address);
    }

    /** {@code func+0x10 (libc.so.6)}, or the hex address (with the module when one is mapped there). */
    public String usym(int pid, long address) {
        return user.format(pid, address);
    }

    public KernelSymbols kernelSymbols() {
        return kernel.get();
    }

    public UserSymbols userSymbols() {
        return user;
    }
}
