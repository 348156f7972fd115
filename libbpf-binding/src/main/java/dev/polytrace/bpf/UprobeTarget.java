package dev.polytrace.bpf;

import java.nio.file.Path;

/**
 * Where a uprobe attaches: a binary and either a symbol (optionally plus an offset into it) or
 * a raw file offset; {@code pid} -1 traces every process running the binary.
 */
public record UprobeTarget(Path binary, String symbol, long offset, int pid, boolean retprobe) {
    public static UprobeTarget function(Path binary, String symbol) {
        return new UprobeTarget(binary, symbol, 0, -1, false);
    }

    public static UprobeTarget fileOffset(Path binary, long offset) {
        return new UprobeTarget(binary, null, offset, -1, false);
    }

    public UprobeTarget forPid(int processId) {
        return new UprobeTarget(binary, symbol, offset, processId, retprobe);
    }

    public UprobeTarget asReturnProbe() {
        return new UprobeTarget(binary, symbol, offset, pid, true);
    }

    @Override
    public String toString() {
        String where = symbol != null ? symbol + (offset != 0 ? "+0x" + Long.toHexString(offset) : "")
                : "0x" + Long.toHexString(offset);
        return (retprobe ? "uretprobe " : "uprobe ") + binary + ":" + where + (pid >= 0 ? " pid " + pid : "");
    }
}
