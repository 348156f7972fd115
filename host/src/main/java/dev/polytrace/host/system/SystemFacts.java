package dev.polytrace.host.system;

import dev.polytrace.bpf.LibbpfStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Facts about this machine that decide whether tracing can work: kernel, BTF, mounts, privileges. */
public final class SystemFacts {
    private SystemFacts() {
    }

    public static String kernelRelease() {
        return read("/proc/sys/kernel/osrelease").strip();
    }

    public static boolean hasKernelBtf() {
        return Files.isReadable(Path.of("/sys/kernel/btf/vmlinux"));
    }

    /** Mount point of a filesystem type ("bpf", "tracefs"), or null when it is not mounted. */
    public static String mountPoint(String fsType) {
        for (String line : read("/proc/mounts").split("\n")) {
            String[] f = line.split(" ");
            if (f.length > 2 && f[2].equals(fsType)) {
                return f[1];
            }
        }
        return null;
    }

    public static String libbpfVersion() {
        return LibbpfStatus.version();
    }

    /** Why libbpf is unusable here, or null when it is usable. */
    public static String libbpfUnavailability() {
        return LibbpfStatus.unavailabilityCause();
    }

    public static boolean isRoot() {
        return effectiveUid() == 0;
    }

    /** The user this process acts as: who owns what it creates, whose files it may trust. */
    public static int effectiveUid() {
        // /proc/self/status "Uid:" lists the real, effective, saved and filesystem ids.
        for (String line : read("/proc/self/status").split("\n")) {
            if (line.startsWith("Uid:")) {
                return Integer.parseInt(line.substring(4).strip().split("\\s+")[1]);
            }
        }
        throw new IllegalStateException("/proc/self/status has no Uid line");
    }

    /** Effective capabilities that matter for BPF, from /proc/self/status. */
    public static List<String> bpfCapabilities() {
        long effective = effectiveCapabilities();
        return List.of(new String[][] {{"CAP_SYS_ADMIN", "21"}, {"CAP_PERFMON", "38"}, {"CAP_BPF", "39"},
                {"CAP_NET_ADMIN", "12"}}).stream()
                .filter(c -> (effective & (1L << Integer.parseInt(c[1]))) != 0)
                .map(c -> c[0]).toList();
    }

    /** Whether this process's effective capabilities hold capability number {@code capability} (CAP_SYS_NICE: 23). */
    public static boolean hasCapability(int capability) {
        return (effectiveCapabilities() >>> capability & 1) == 1;
    }

    /** CapEff of /proc/self/status; none where it cannot be read. */
    private static long effectiveCapabilities() {
        for (String line : read("/proc/self/status").split("\n")) {
            if (line.startsWith("CapEff:")) {
                try {
                    return Long.parseUnsignedLong(line.substring("CapEff:".length()).strip(), 16);
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 0;
    }

    private static String read(String path) {
        try {
            return Files.readString(Path.of(path));
        } catch (IOException e) {
            return "";
        }
    }
}
