package dev.polytrace.bpf;

import dev.polytrace.bpf.internal.LibC;
import dev.polytrace.bpf.internal.Native;
import java.util.ArrayList;
import java.util.List;
import jnr.ffi.Pointer;

/** A program attached to one perf event per online CPU; closing detaches and closes them all. */
final class PerfEventLink extends OwnedLink {
    private static final int ATTR_SIZE = 128; // PERF_ATTR_SIZE_VER8
    private static final long FLAG_FREQ = 1L << 10;
    private static final long PERF_FLAG_FD_CLOEXEC = 8;

    private final List<BpfLink> links;
    private final List<Integer> fds;

    private PerfEventLink(BpfObject owner, String description, List<BpfLink> links, List<Integer> fds) {
        super(owner, description);
        this.links = links;
        this.fds = fds;
    }

    static BpfLink attach(BpfProgram program, Pointer handle, PerfEventSpec spec) {
        List<BpfLink> links = new ArrayList<>();
        List<Integer> fds = new ArrayList<>();
        try {
            for (int cpu : Cpus.online()) {
                int fd = open(spec, cpu);
                fds.add(fd);
                links.add(program.link("bpf_program__attach_perf_event(" + program.name() + ", cpu " + cpu + ")",
                        program.name() + " -> " + spec + " cpu " + cpu,
                        () -> Native.libbpf().bpf_program__attach_perf_event(handle, fd)));
            }
        } catch (RuntimeException e) {
            links.forEach(BpfLink::close);
            fds.forEach(Native::closeFd);
            throw e;
        }
        PerfEventLink link = new PerfEventLink(program.owner(), program.name() + " -> " + spec + " on "
                + fds.size() + " CPUs", links, fds);
        return program.owner().own(link);
    }

    private static int open(PerfEventSpec spec, int cpu) {
        Pointer attr = Native.allocate(ATTR_SIZE);
        attr.putInt(0, spec.type());
        attr.putInt(4, ATTR_SIZE);
        attr.putLong(8, spec.config());
        attr.putLong(16, spec.frequency() > 0 ? spec.frequency() : spec.period());
        attr.putLong(40, spec.frequency() > 0 ? FLAG_FREQ : 0);
        long fd = Native.libc().syscall(LibC.SYS_PERF_EVENT_OPEN, attr, -1, cpu, -1, PERF_FLAG_FD_CLOEXEC);
        if (fd < 0) {
            int errno = Native.lastErrno();
            throw new FeatureUnavailableException("perf_event_open(" + spec + ", cpu " + cpu + ")", errno,
                    errno == Errno.ENOENT || errno == Errno.EOPNOTSUPP ? "this event is not available here" : null);
        }
        return (int) fd;
    }

    @Override
    void detach() {
        links.forEach(BpfLink::close);
        fds.forEach(Native::closeFd);
    }
}
