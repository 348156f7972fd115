package dev.polytrace.host.pkg;

import java.util.Optional;

/**
 * The XDP attach flags a package may give (eunomia-bpf {@code progs[].flags}, polytrace
 * {@code attach.xdpFlags}), from linux/if_link.h. polytrace attaches XDP through a BPF link,
 * which detaches when the process ends; links take only the mode bits and never replace a
 * program, so {@code XDP_FLAGS_UPDATE_IF_NOEXIST} is what a link does anyway and
 * {@code XDP_FLAGS_REPLACE} (which needs the fd of the program to replace) cannot be honoured.
 */
public final class XdpFlags {
    public static final long UPDATE_IF_NOEXIST = 1;
    public static final long SKB_MODE = 2;
    public static final long DRV_MODE = 4;
    public static final long HW_MODE = 8;
    public static final long REPLACE = 16;
    public static final long MODES = SKB_MODE | DRV_MODE | HW_MODE;

    private XdpFlags() {
    }

    /** Why these flags cannot be used, or empty when they can. */
    public static Optional<String> check(long flags) {
        if ((flags & REPLACE) != 0) {
            return Optional.of(flags + " has XDP_FLAGS_REPLACE (16), which needs the fd of the program to replace;"
                    + " polytrace attaches through a BPF link, which never replaces one");
        }
        if ((flags & ~(MODES | UPDATE_IF_NOEXIST)) != 0) {
            return Optional.of(flags + " has bits that are not XDP flags (1 UPDATE_IF_NOEXIST, 2 SKB_MODE, 4 DRV_MODE,"
                    + " 8 HW_MODE)");
        }
        if (Long.bitCount(flags & MODES) > 1) {
            return Optional.of(flags + " asks for more than one mode (2 SKB_MODE, 4 DRV_MODE, 8 HW_MODE)");
        }
        return Optional.empty();
    }

    /** The mode bits a BPF link takes: 0 lets the kernel choose (driver mode where supported, else generic). */
    public static int linkFlags(long flags) {
        return (int) (flags & MODES);
    }
}
