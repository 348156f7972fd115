package dev.polytrace.host.cli;

import dev.polytrace.bpf.AttachKind;
import dev.polytrace.bpf.FeatureStatus;
import dev.polytrace.bpf.Features;
import dev.polytrace.bpf.MapType;
import dev.polytrace.host.system.JitStatus;
import dev.polytrace.host.system.StartPriority;
import dev.polytrace.host.system.StartupStatus;
import dev.polytrace.host.system.SystemFacts;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What this machine supports, each attach and map type probed for real, with reasons. */
@Command(name = "doctor", description = "Check kernel, libbpf, privileges and every attach/map type here.")
public final class DoctorCommand implements Callable<Integer> {
    static final List<MapType> MAP_TYPES = List.of(MapType.RINGBUF, MapType.PERF_EVENT_ARRAY, MapType.HASH,
            MapType.ARRAY, MapType.PERCPU_HASH, MapType.PERCPU_ARRAY, MapType.LRU_HASH, MapType.LRU_PERCPU_HASH,
            MapType.STACK_TRACE);

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        boolean ok = true;
        out.println("System");
        line(out, "kernel", true, SystemFacts.kernelRelease());
        ok &= line(out, "BTF", SystemFacts.hasKernelBtf(), SystemFacts.hasKernelBtf() ? "/sys/kernel/btf/vmlinux"
                : "missing: CO-RE tracers need a kernel built with CONFIG_DEBUG_INFO_BTF=y");
        String bpffs = SystemFacts.mountPoint("bpf");
        line(out, "bpffs", bpffs != null, bpffs != null ? bpffs : "not mounted: mount -t bpf bpf /sys/fs/bpf");
        String tracefs = SystemFacts.mountPoint("tracefs");
        ok &= line(out, "tracefs", tracefs != null,
                tracefs != null ? tracefs : "not mounted: mount -t tracefs tracefs /sys/kernel/tracing");
        String libbpf = SystemFacts.libbpfVersion();
        ok &= line(out, "libbpf", libbpf != null, libbpf != null ? libbpf
                : SystemFacts.libbpfUnavailability());
        boolean root = SystemFacts.isRoot();
        List<String> caps = SystemFacts.bpfCapabilities();
        boolean privileged = caps.contains("CAP_SYS_ADMIN") || caps.contains("CAP_BPF");
        ok &= line(out, "privileges", privileged, (root ? "root" : "not root")
                + (caps.isEmpty() ? ", no BPF capabilities (run as root, or grant CAP_BPF and CAP_PERFMON)"
                        : ", " + String.join(" ", caps)));
        JitStatus jit = JitStatus.current();
        line(out, "Graal JIT", jit.active(), (jit.active() ? "active: " : "inactive: ") + jit.detail());
        StartupStatus startup = StartupStatus.current();
        line(out, "JVM runtime", startup.linkedRuntime(), startup.runtime());
        line(out, "AOT cache", startup.aotInUse(), (startup.aotInUse() ? "in use: " : "") + startup.aot());
        line(out, "start priority", StartPriority.active(), StartPriority.active()
                ? "a run's JIT compiler threads at nice 19 until its first events"
                : "without CAP_SYS_NICE: a run's JIT compilers keep their priority while it starts");
        if (libbpf == null) {
            return 1;
        }
        out.println();
        out.println("Attach types");
        for (AttachKind kind : AttachKind.values()) {
            feature(out, Features.attach(kind));
        }
        out.println();
        out.println("Map types");
        for (MapType type : MAP_TYPES) {
            ok &= feature(out, Features.map(type)) || type == MapType.LRU_PERCPU_HASH;
        }
        out.flush();
        return ok ? 0 : 1;
    }

    private static boolean feature(PrintWriter out, FeatureStatus status) {
        return line(out, status.feature(), status.available(), status.available() ? "works" : status.reason());
    }

    private static boolean line(PrintWriter out, String what, boolean good, String detail) {
        out.printf("  %-4s %-20s %s%n", good ? "ok" : "no", what, detail == null ? "" : detail);
        return good;
    }
}
