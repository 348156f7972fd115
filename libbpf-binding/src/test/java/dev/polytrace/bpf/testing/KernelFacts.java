package dev.polytrace.bpf.testing;

import dev.polytrace.bpf.AttachKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Assumptions;

/**
 * Whether this kernel can do an attach type, decided without the code under test: kernel config,
 * sysfs, and raw bpf() calls loading (and, for BTF-attached types, attaching) a two-instruction
 * program. A test skips only when these facts say the kernel cannot; when they say it can, the
 * test runs and our code has to work. Skip reasons start with {@link #SKIP_PREFIX}, the one kind
 * of skip the test report accepts.
 */
public final class KernelFacts {
    public static final String SKIP_PREFIX = "kernel lacks ";
    private static final Map<AttachKind, Optional<String>> MISSING = new EnumMap<>(AttachKind.class);

    private KernelFacts() {
    }

    /** Skips the calling test, with the probed reason, unless this kernel can do every one of {@code kinds}. */
    public static void assumeSupports(AttachKind... kinds) {
        for (AttachKind kind : kinds) {
            Optional<String> why = missing(kind);
            Assumptions.assumeTrue(why.isEmpty(), () -> SKIP_PREFIX + kind.label() + ": " + why.orElseThrow());
        }
    }

    public static boolean supports(AttachKind kind) {
        return missing(kind).isEmpty();
    }

    /** Why this kernel cannot do {@code kind}, or empty when it can. */
    public static synchronized Optional<String> missing(AttachKind kind) {
        return MISSING.computeIfAbsent(kind, KernelFacts::probe);
    }

    private static Optional<String> probe(AttachKind kind) {
        return switch (kind) {
            case TRACEPOINT -> load("tracepoint", RawBpf.PROG_TRACEPOINT, 0, null);
            case RAW_TRACEPOINT -> attachRaw("raw_tracepoint", RawBpf.PROG_RAW_TRACEPOINT, 0, 0, "sys_enter");
            case TP_BTF -> btfAttached("tp_btf", RawBpf.PROG_TRACING, RawBpf.TRACE_RAW_TP, "btf_trace_sched_switch");
            case FENTRY -> btfAttached("fentry", RawBpf.PROG_TRACING, RawBpf.TRACE_FENTRY, "do_nanosleep");
            case LSM -> btfAttached("lsm", RawBpf.PROG_LSM, RawBpf.LSM_MAC, "bpf_lsm_file_open");
            case ITERATOR -> btfLoaded("iter", RawBpf.PROG_TRACING, RawBpf.TRACE_ITER, "bpf_iter_task");
            case KPROBE -> probeEvents("kprobe", "CONFIG_KPROBES");
            case UPROBE, USDT -> probeEvents("uprobe", "CONFIG_UPROBES");
            case PERF_EVENT -> load("perf_event", RawBpf.PROG_PERF_EVENT, 0, null).or(() -> {
                RawBpf.Result open = RawBpf.openCpuClockEvent();
                return open.ok() ? Optional.empty()
                        : Optional.of("a cpu-clock perf event cannot be opened: errno " + open.errno());
            });
            case XDP -> load("xdp", RawBpf.PROG_XDP, 0, null);
            case TC -> load("sched_cls", RawBpf.PROG_SCHED_CLS, 0, null);
            case CGROUP -> load("cgroup_skb", RawBpf.PROG_CGROUP_SKB, 0, null).or(() -> cgroup2Mounted()
                    ? Optional.empty() : Optional.of("no cgroup v2 hierarchy is mounted"));
        };
    }

    private static Optional<String> load(String what, int progType, int expectedAttach, Integer btfId) {
        RawBpf.Result r = RawBpf.loadAndMaybeAttach(progType, expectedAttach, btfId == null ? 0 : btfId, false, null);
        return r.ok() ? Optional.empty() : Optional.of("the kernel refuses to load a " + what + " program: errno "
                + r.errno() + errnoName(r.errno()));
    }

    private static Optional<String> attachRaw(String what, int progType, int expectedAttach, int btfId, String tp) {
        RawBpf.Result r = RawBpf.loadAndMaybeAttach(progType, expectedAttach, btfId, true, tp);
        return r.ok() ? Optional.empty() : Optional.of("the kernel refuses to " + r.step() + " a " + what
                + " program: errno " + r.errno() + errnoName(r.errno()));
    }

    private static Optional<String> btfLoaded(String what, int progType, int expectedAttach, String target) {
        Optional<Integer> id = VmlinuxTypeIds.of(target);
        if (id.isEmpty()) {
            return Optional.of("the kernel's BTF has no " + target);
        }
        return load(what, progType, expectedAttach, id.get());
    }

    private static Optional<String> btfAttached(String what, int progType, int expectedAttach, String target) {
        Optional<Integer> id = VmlinuxTypeIds.of(target);
        if (id.isEmpty()) {
            return Optional.of("the kernel's BTF has no " + target + " (" + VmlinuxTypeIds.VMLINUX + ")");
        }
        return attachRaw(what + " on " + target, progType, expectedAttach, id.get(), null);
    }

    /** Kprobes and uprobes need the kernel option and show up as a perf event source or a tracefs file. */
    private static Optional<String> probeEvents(String kind, String option) {
        Optional<Boolean> configured = config(option);
        if (configured.isPresent() && !configured.get()) {
            return Optional.of("the kernel is built without " + option);
        }
        boolean pmu = Files.exists(Path.of("/sys/bus/event_source/devices/" + kind));
        boolean tracefs = Files.exists(Path.of("/sys/kernel/tracing/" + kind + "_events"));
        return pmu || tracefs ? Optional.empty()
                : Optional.of("no " + kind + " perf event source and no " + kind + "_events in tracefs");
    }

    /** A kernel option from /proc/config.gz: empty when the kernel does not publish its config. */
    static Optional<Boolean> config(String option) {
        Path config = Path.of("/proc/config.gz");
        if (!Files.isReadable(config)) {
            return Optional.empty();
        }
        try (InputStream in = new GZIPInputStream(Files.newInputStream(config))) {
            String text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            return Optional.of(text.lines().anyMatch(l -> l.equals(option + "=y") || l.equals(option + "=m")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean cgroup2Mounted() {
        try {
            return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream().anyMatch(l -> l.contains(" - cgroup2 "));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String errnoName(int errno) {
        return switch (errno) {
            case 1 -> " (EPERM)";
            case 2 -> " (ENOENT)";
            case 22 -> " (EINVAL)";
            case 95 -> " (EOPNOTSUPP)";
            case 524 -> " (ENOTSUPP)";
            default -> "";
        };
    }
}
