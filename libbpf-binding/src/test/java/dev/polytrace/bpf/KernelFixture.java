package dev.polytrace.bpf;

import dev.polytrace.bpf.testing.Bytes;
import dev.polytrace.bpf.testing.TestObjects;
import dev.polytrace.bpf.testing.Triggers;
import java.util.function.Consumer;

/** Loads kernel_basics.bpf.o with chosen programs, filtered to this process. */
final class KernelFixture {
    static final int C_TRACEPOINT = 0;
    static final int C_RAW_TP = 1;
    static final int C_TP_BTF = 2;
    static final int C_UPROBE = 3;
    static final int C_PERF = 4;
    static final int C_XDP = 5;
    static final int C_TC = 6;
    static final int C_CGROUP = 7;
    static final int C_USDT = 8;
    static final int C_URETPROBE = 9;
    static final int C_FENTRY = 10;
    static final int C_LSM = 11;
    static final int C_KPROBE = 12;

    private KernelFixture() {
    }

    /**
     * Loads only {@code programs} (all when none given), with target_tgid set to this process and
     * target_tid to the calling thread, the one that triggers what the programs count.
     */
    static BpfObject load(Consumer<OpenBpfObject> configure, String... programs) {
        OpenBpfObject open = OpenBpfObject.open(TestObjects.bytes("kernel_basics"), "kbasics");
        try {
            if (programs.length > 0) {
                java.util.Set<String> wanted = java.util.Set.of(programs);
                for (OpenProgram p : open.programs()) {
                    p.setAutoload(wanted.contains(p.name()));
                }
            }
            open.variables().get("target_tgid").setLong(Triggers.pid());
            open.variables().get("target_tid").setLong(ReaderTestSupport.threadId());
            configure.accept(open);
            return open.load();
        } catch (RuntimeException e) {
            open.close();
            throw e;
        }
    }

    static BpfObject load(String... programs) {
        return load(o -> { }, programs);
    }

    static long count(BpfObject object, int slot) {
        return Bytes.u64(object.variables().get("counts").bytes(), slot * 8);
    }

    /** perf_event samples taken on {@code cpu}. */
    static long perfSamplesOn(BpfObject object, int cpu) {
        return Bytes.u64(object.variables().get("perf_by_cpu").bytes(), cpu * 8);
    }
}
