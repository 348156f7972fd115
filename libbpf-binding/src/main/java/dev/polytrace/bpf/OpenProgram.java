package dev.polytrace.bpf;

import dev.polytrace.bpf.internal.Native;
import jnr.ffi.Pointer;

/** A program before load: its name, section and whether it will be loaded. */
public final class OpenProgram {
    private final Pointer handle;
    private final String name;
    private final String section;

    OpenProgram(Pointer handle) {
        this.handle = handle;
        this.name = Native.libbpf().bpf_program__name(handle);
        this.section = Native.libbpf().bpf_program__section_name(handle);
    }

    Pointer handle() {
        return handle;
    }

    public String name() {
        return name;
    }

    /** The ELF section, e.g. {@code tracepoint/syscalls/sys_enter_execve}; it decides auto-attach. */
    public String section() {
        return section;
    }

    public ProgramType type() {
        return ProgramType.of(Native.libbpf().bpf_program__type(handle));
    }

    public boolean autoload() {
        return Native.libbpf().bpf_program__autoload(handle);
    }

    /** Disabled programs are not loaded (useful when a hook is missing on this kernel). */
    public void setAutoload(boolean autoload) {
        Native.check(Native.libbpf().bpf_program__set_autoload(handle, autoload),
                "bpf_program__set_autoload(" + name + ")");
    }

    @Override
    public String toString() {
        return name + " (" + section + ")";
    }
}
