package dev.polytrace.bpf;

import dev.polytrace.bpf.internal.Native;
import java.nio.file.Files;
import java.nio.file.Path;
import jnr.ffi.Pointer;

/** Attach calls that need an options struct built first. */
final class Attachments {
    private static final int UPROBE_OPTS_SIZE = 40; // sizeof(struct bpf_uprobe_opts), libbpf 1.1
    private static final int UPROBE_RETPROBE = 24;
    private static final int UPROBE_FUNC_NAME = 32;
    private static final int USDT_OPTS_SIZE = 16;

    private Attachments() {
    }

    static BpfLink uprobe(BpfProgram program, Pointer handle, UprobeTarget target) {
        requireFile(target.binary(), "uprobe " + program.name());
        Pointer opts = Native.allocate(UPROBE_OPTS_SIZE);
        opts.putLong(0, UPROBE_OPTS_SIZE);
        opts.putByte(UPROBE_RETPROBE, (byte) (target.retprobe() ? 1 : 0));
        Pointer symbol = null;
        if (target.symbol() != null) {
            symbol = Native.copyOf(BpfProgram.cString(target.symbol()));
            opts.putPointer(UPROBE_FUNC_NAME, symbol);
        }
        Pointer keepSymbol = symbol;
        String binary = target.binary().toAbsolutePath().toString();
        return program.link("bpf_program__attach_uprobe_opts(" + program.name() + ", " + target + ")",
                program.name() + " -> " + target, () -> {
                    Pointer link = Native.libbpf().bpf_program__attach_uprobe_opts(handle, target.pid(), binary,
                            target.offset(), opts);
                    reachabilityFence(keepSymbol);
                    return link;
                });
    }

    static BpfLink usdt(BpfProgram program, Pointer handle, Path binary, String provider, String probe, int pid) {
        requireFile(binary, "usdt " + program.name());
        Pointer opts = Native.allocate(USDT_OPTS_SIZE);
        opts.putLong(0, USDT_OPTS_SIZE);
        String path = binary.toAbsolutePath().toString();
        return program.link("bpf_program__attach_usdt(" + program.name() + ", " + path + ":" + provider + ":" + probe + ")",
                program.name() + " -> usdt " + path + ":" + provider + ":" + probe + (pid >= 0 ? " pid " + pid : ""),
                () -> Native.libbpf().bpf_program__attach_usdt(handle, pid, path, provider, probe, opts));
    }

    private static void requireFile(Path binary, String what) {
        if (!Files.isRegularFile(binary)) {
            throw new BpfException("attaching " + what, Errno.ENOENT, "no such binary: " + binary);
        }
    }

    private static void reachabilityFence(Object o) {
        java.lang.ref.Reference.reachabilityFence(o);
    }
}
