package dev.polytrace.bpf;

import dev.polytrace.bpf.internal.LibBpf;
import dev.polytrace.bpf.internal.LibC;
import dev.polytrace.bpf.internal.LibbpfLog;
import dev.polytrace.bpf.internal.Native;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Supplier;
import jnr.ffi.Pointer;

/**
 * A loaded program. Every attach returns a {@link BpfLink} owned by the object: closing the
 * link detaches, closing the object closes every link still open.
 */
public final class BpfProgram {
    private final BpfObject owner;
    private final Pointer handle;
    private final String name;
    private final String section;
    private final ProgramType type;

    /** {@code loaded} has just been loaded: its type is fixed from now on. */
    BpfProgram(BpfObject owner, OpenProgram loaded) {
        this.owner = owner;
        this.handle = loaded.handle();
        this.name = loaded.name();
        this.section = loaded.section();
        this.type = loaded.type();
    }

    public String name() {
        return name;
    }

    public String section() {
        return section;
    }

    public ProgramType type() {
        return type;
    }

    public int fd() {
        owner.requireOpen();
        return Native.libbpf().bpf_program__fd(handle);
    }

    BpfObject owner() {
        return owner;
    }

    /** Attaches as the section name says (tracepoint/..., raw_tp/..., tp_btf/..., uprobe/..., iter/...). */
    public BpfLink attach() {
        if (SectionKind.needsExplicitTarget(section)) {
            throw new BpfException("attaching " + name, Errno.EOPNOTSUPP, "section '" + section
                    + "' needs a target: " + SectionKind.explicitAttachHint(section));
        }
        return link("bpf_program__attach(" + name + ")", name + " -> " + section,
                () -> Native.libbpf().bpf_program__attach(handle));
    }

    public BpfLink attachTracepoint(String category, String event) {
        return link("bpf_program__attach_tracepoint(" + name + ", " + category + ":" + event + ")",
                name + " -> tracepoint " + category + ":" + event,
                () -> Native.libbpf().bpf_program__attach_tracepoint(handle, category, event));
    }

    public BpfLink attachRawTracepoint(String event) {
        return link("bpf_program__attach_raw_tracepoint(" + name + ", " + event + ")",
                name + " -> raw_tp " + event,
                () -> Native.libbpf().bpf_program__attach_raw_tracepoint(handle, event));
    }

    /** tp_btf, fentry and fexit programs: the target is fixed at load time by the section. */
    public BpfLink attachTrace() {
        return link("bpf_program__attach_trace(" + name + ")", name + " -> " + section,
                () -> Native.libbpf().bpf_program__attach_trace(handle));
    }

    public BpfLink attachLsm() {
        return link("bpf_program__attach_lsm(" + name + ")", name + " -> " + section,
                () -> Native.libbpf().bpf_program__attach_lsm(handle));
    }

    public BpfLink attachKprobe(String function, boolean retprobe) {
        return link("bpf_program__attach_kprobe(" + name + ", " + function + ")",
                name + " -> " + (retprobe ? "kretprobe " : "kprobe ") + function,
                () -> Native.libbpf().bpf_program__attach_kprobe(handle, retprobe, function));
    }

    public BpfLink attachUprobe(UprobeTarget target) {
        return Attachments.uprobe(this, handle, target);
    }

    public BpfLink attachUsdt(Path binary, String provider, String probe, int pid) {
        return Attachments.usdt(this, handle, binary, provider, probe, pid);
    }

    /** Samples with a perf event on every online CPU; one link that closes all of them. */
    public BpfLink attachPerfEvent(PerfEventSpec spec) {
        return PerfEventLink.attach(this, handle, spec);
    }

    public BpfLink attachXdp(NetworkInterface iface) {
        return link("bpf_program__attach_xdp(" + name + ", " + iface + ")", name + " -> xdp " + iface,
                () -> Native.libbpf().bpf_program__attach_xdp(handle, iface.index()));
    }

    /**
     * Attaches to an interface in the XDP mode {@code modeFlags} asks for: XDP_FLAGS_SKB_MODE (2),
     * XDP_FLAGS_DRV_MODE (4) or XDP_FLAGS_HW_MODE (8); 0 lets the kernel choose.
     */
    public BpfLink attachXdp(NetworkInterface iface, int modeFlags) {
        return modeFlags == 0 ? attachXdp(iface) : XdpLink.attach(this, iface, modeFlags);
    }

    /** A tc filter with polytrace's own handle and a free priority of its range (see TcLink). */
    public BpfLink attachTc(NetworkInterface iface, TcDirection direction) {
        return TcLink.attach(this, iface, direction);
    }

    /** A tc filter with the given handle and priority, as a package asks; fails if that filter exists. */
    public BpfLink attachTc(NetworkInterface iface, TcDirection direction, int handle, int priority) {
        return TcLink.attach(this, iface, direction, handle, priority);
    }

    /** cgroup programs (cgroup_skb/ingress, cgroup/sock_create, ...) on a cgroup v2 directory. */
    public BpfLink attachCgroup(Path cgroupDirectory) {
        int fd = (int) Native.checkErrno(
                Native.libc().open(cgroupDirectory.toString(), LibC.O_RDONLY | LibC.O_DIRECTORY | LibC.O_CLOEXEC),
                "opening cgroup " + cgroupDirectory);
        try {
            return link("bpf_program__attach_cgroup(" + name + ", " + cgroupDirectory + ")",
                    name + " -> cgroup " + cgroupDirectory,
                    () -> Native.libbpf().bpf_program__attach_cgroup(handle, fd));
        } finally {
            Native.closeFd(fd); // the link holds its own reference to the cgroup
        }
    }

    /** An iterator link; each {@link IteratorLink#read()} runs the iterator once and returns its output. */
    public IteratorLink attachIterator() {
        Pointer link = attachPointer("bpf_program__attach_iter(" + name + ")",
                () -> Native.libbpf().bpf_program__attach_iter(handle, null));
        return new IteratorLink(owner, link, name + " -> " + section);
    }

    BpfLink link(String operation, String description, Supplier<Pointer> attach) {
        return new LibbpfLink(owner, attachPointer(operation, attach), description);
    }

    Pointer attachPointer(String operation, Supplier<Pointer> attach) {
        owner.requireOpen();
        LibBpf lib = Native.libbpf();
        LibbpfLog.begin();
        Pointer link;
        String log;
        try {
            link = attach.get();
        } finally {
            log = LibbpfLog.end();
        }
        if (link == null || link.address() == 0) {
            int errno = Native.lastErrno();
            throw new BpfException(operation, errno == 0 ? Errno.EINVAL : errno, lastMessage(log));
        }
        return link;
    }

    private static String lastMessage(String log) {
        return log.lines().filter(l -> !l.isBlank()).reduce((a, b) -> b)
                .map(l -> l.replaceFirst("^libbpf: ", "").replaceFirst("^prog '[^']*': ", "").strip())
                .orElse(null);
    }

    static byte[] cString(String s) {
        return (s + "\0").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return name + " (" + section + ")";
    }
}
