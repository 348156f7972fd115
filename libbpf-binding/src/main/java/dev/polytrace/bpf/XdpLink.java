package dev.polytrace.bpf;

import dev.polytrace.bpf.internal.Native;

/**
 * An XDP program attached in an explicit mode through a kernel BPF link (bpf_link_create with
 * the mode in its flags), which libbpf 1.1's bpf_program__attach_xdp cannot ask for. Closing
 * the link's fd detaches, as it does when the process dies.
 */
final class XdpLink extends OwnedLink {
    private static final int BPF_XDP = 37; // enum bpf_attach_type
    private static final int OPTS_SIZE = 16; // struct bpf_link_create_opts up to flags: sz, flags

    private final int fd;

    private XdpLink(BpfObject owner, String description, int fd) {
        super(owner, description);
        this.fd = fd;
    }

    static BpfLink attach(BpfProgram program, NetworkInterface iface, int modeFlags) {
        var opts = Native.allocate(OPTS_SIZE);
        opts.putLong(0, OPTS_SIZE);
        opts.putInt(8, modeFlags);
        int fd = Native.libbpf().bpf_link_create(program.fd(), iface.index(), BPF_XDP, opts);
        if (fd < 0) {
            throw new BpfException("bpf_link_create(" + program.name() + ", xdp " + iface + ", flags " + modeFlags
                    + ")", -fd, -fd == Errno.EOPNOTSUPP ? iface + " does not support this XDP mode" : null);
        }
        String mode = switch (modeFlags) {
            case 2 -> "generic";
            case 4 -> "driver";
            case 8 -> "hardware";
            default -> "flags " + modeFlags;
        };
        return program.owner().own(new XdpLink(program.owner(), program.name() + " -> xdp " + iface + " (" + mode
                + ")", fd));
    }

    @Override
    void detach() {
        Native.closeFd(fd);
    }
}
