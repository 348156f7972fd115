package dev.polytrace.host.pkg;

/** A program as the object defines it: its function name and the ELF section libbpf reads its type from. */
public record ObjectProgram(String name, String section) {
    /** What the section prefix attaches to, e.g. "tracepoint", "kprobe", "xdp". */
    public String attachType() {
        return ProgramSection.attachType(section);
    }
}
