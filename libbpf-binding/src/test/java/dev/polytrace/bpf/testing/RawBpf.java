package dev.polytrace.bpf.testing;

import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import jnr.ffi.LastError;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.SaveError;

/**
 * The bpf() and perf_event_open() system calls made directly, without libbpf or the binding:
 * what {@link KernelFacts} asks the kernel, so that a fact cannot share a bug with the code a
 * test exercises. Layouts follow include/uapi/linux/bpf.h and perf_event.h (x86-64).
 */
final class RawBpf {
    /** Outcome of one call: an fd (closed already, the question was only whether it works) or errno. */
    record Result(int errno, String step) {
        boolean ok() {
            return errno == 0;
        }
    }

    public interface Sys {
        @SaveError
        long syscall(long number, long command, Pointer attr, long size);

        @SaveError
        long syscall(long number, Pointer attr, long pid, long cpu, long groupFd, long flags);

        int close(int fd);
    }

    static final int PROG_KPROBE = 2;
    static final int PROG_SCHED_CLS = 3;
    static final int PROG_TRACEPOINT = 5;
    static final int PROG_XDP = 6;
    static final int PROG_PERF_EVENT = 7;
    static final int PROG_CGROUP_SKB = 8;
    static final int PROG_RAW_TRACEPOINT = 17;
    static final int PROG_TRACING = 26;
    static final int PROG_LSM = 29;
    static final int TRACE_RAW_TP = 23;
    static final int TRACE_FENTRY = 24;
    static final int LSM_MAC = 27;
    static final int TRACE_ITER = 28;

    private static final long SYS_BPF = 321;
    private static final long SYS_PERF_EVENT_OPEN = 298;
    private static final int BPF_PROG_LOAD = 5;
    private static final int BPF_RAW_TRACEPOINT_OPEN = 17;
    private static final int ATTR_SIZE = 128;
    private static final Sys SYS = LibraryLoader.create(Sys.class).load("c");
    private static final Runtime RUNTIME = Runtime.getRuntime(SYS);
    /** {@code r0 = 0; exit}: the smallest program every type accepts. */
    private static final byte[] RETURN_ZERO = {(byte) 0xb7, 0, 0, 0, 0, 0, 0, 0, (byte) 0x95, 0, 0, 0, 0, 0, 0, 0};

    private RawBpf() {
    }

    /** Loads {@code r0 = 0; exit} as the given type; with {@code attachRaw}, also attaches it
     *  through BPF_RAW_TRACEPOINT_OPEN (to {@code rawTracepoint}, or to its BTF target if null). */
    static Result loadAndMaybeAttach(int progType, int expectedAttachType, int attachBtfId, boolean attachRaw,
            String rawTracepoint) {
        Pointer insns = bytes(RETURN_ZERO);
        Pointer license = cString("GPL");
        Pointer attr = Memory.allocateDirect(RUNTIME, ATTR_SIZE, true);
        attr.putInt(0, progType);
        attr.putInt(4, RETURN_ZERO.length / 8);
        attr.putLong(8, insns.address());
        attr.putLong(16, license.address());
        attr.putInt(68, expectedAttachType);
        attr.putInt(108, attachBtfId);
        int prog = (int) SYS.syscall(SYS_BPF, BPF_PROG_LOAD, attr, ATTR_SIZE);
        Reference.reachabilityFence(insns); // the kernel read them through the attr's raw addresses
        Reference.reachabilityFence(license);
        if (prog < 0) {
            return new Result(LastError.getLastError(RUNTIME), "load");
        }
        try {
            if (!attachRaw) {
                return new Result(0, "load");
            }
            Pointer open = Memory.allocateDirect(RUNTIME, ATTR_SIZE, true);
            Pointer name = rawTracepoint == null ? null : cString(rawTracepoint);
            open.putLong(0, name == null ? 0 : name.address());
            open.putInt(8, prog);
            int link = (int) SYS.syscall(SYS_BPF, BPF_RAW_TRACEPOINT_OPEN, open, ATTR_SIZE);
            Reference.reachabilityFence(name);
            if (link < 0) {
                return new Result(LastError.getLastError(RUNTIME), "attach");
            }
            SYS.close(link);
            return new Result(0, "attach");
        } finally {
            SYS.close(prog);
        }
    }

    /** Opens (and closes) a software cpu-clock sampling event on CPU 0 for every process. */
    static Result openCpuClockEvent() {
        Pointer attr = Memory.allocateDirect(RUNTIME, 128, true);
        attr.putInt(0, 1);        // type PERF_TYPE_SOFTWARE
        attr.putInt(4, 128);      // size
        attr.putLong(8, 0);       // config PERF_COUNT_SW_CPU_CLOCK
        attr.putLong(16, 49);     // sample_freq
        attr.putLong(40, 1L | 1L << 10); // flags: disabled, freq
        int fd = (int) SYS.syscall(SYS_PERF_EVENT_OPEN, attr, -1, 0, -1, 8 /* PERF_FLAG_FD_CLOEXEC */);
        if (fd < 0) {
            return new Result(LastError.getLastError(RUNTIME), "perf_event_open");
        }
        SYS.close(fd);
        return new Result(0, "perf_event_open");
    }

    private static Pointer bytes(byte[] data) {
        Pointer p = Memory.allocateDirect(RUNTIME, data.length, true);
        p.put(0, data, 0, data.length);
        return p;
    }

    private static Pointer cString(String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        Pointer p = Memory.allocateDirect(RUNTIME, b.length + 1, true);
        p.put(0, b, 0, b.length);
        return p;
    }
}
