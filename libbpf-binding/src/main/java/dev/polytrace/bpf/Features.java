package dev.polytrace.bpf;

import dev.polytrace.bpf.internal.Native;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Probes, for real and once per process, whether each attach type and map type works on this
 * kernel: a probe program is loaded and attached to a harmless target, then everything is
 * closed. A failure becomes a reason ("EPERM at attach", "kernel has no do_nanosleep"), never a crash.
 */
public final class Features {
    private static final Map<AttachKind, FeatureStatus> ATTACH = new EnumMap<>(AttachKind.class);
    private static final Map<MapType, FeatureStatus> MAPS = new ConcurrentHashMap<>();
    private static volatile byte[] probeObject;

    private Features() {
    }

    /** Whether libbpf loads and the process may use bpf() at all. */
    public static FeatureStatus bpf() {
        if (!Native.isLibbpfAvailable()) {
            return FeatureStatus.missing("libbpf", Native.unavailabilityCause());
        }
        return map(MapType.ARRAY).available() ? FeatureStatus.works("bpf")
                : FeatureStatus.missing("bpf", "cannot create a BPF map: " + map(MapType.ARRAY).reason()
                        + (Native.libc().geteuid() != 0 ? " (not root: run as root or grant CAP_BPF+CAP_PERFMON)" : ""));
    }

    public static synchronized FeatureStatus attach(AttachKind kind) {
        return ATTACH.computeIfAbsent(kind, Features::probeAttach);
    }

    public static FeatureStatus map(MapType type) {
        return MAPS.computeIfAbsent(type, Features::probeMap);
    }

    private static FeatureStatus probeMap(MapType type) {
        String name = type.displayName() + " map";
        if (!Native.isLibbpfAvailable()) {
            return FeatureStatus.missing(name, Native.unavailabilityCause());
        }
        int rc = Native.libbpf().libbpf_probe_bpf_map_type(type.code(), null);
        if (rc == 1) {
            return FeatureStatus.works(name);
        }
        return FeatureStatus.missing(name, rc == 0 ? "kernel does not support this map type"
                : "probe failed: " + Errno.describe(-rc));
    }

    private static FeatureStatus probeAttach(AttachKind kind) {
        String name = kind.label();
        if (!Native.isLibbpfAvailable()) {
            return FeatureStatus.missing(name, Native.unavailabilityCause());
        }
        OpenBpfObject open;
        try {
            open = OpenBpfObject.open(probeObject(), "pt_probe");
        } catch (BpfException e) {
            return FeatureStatus.missing(name, "cannot open probe object: " + e.getMessage());
        }
        try {
            for (OpenProgram p : open.programs()) {
                p.setAutoload(p.name().equals(kind.probeProgram()));
            }
        } catch (BpfException e) {
            open.close();
            return FeatureStatus.missing(name, e.getMessage());
        }
        BpfObject loaded;
        try {
            loaded = open.load();
        } catch (VerifierException e) {
            if ((kind == AttachKind.FENTRY || kind == AttachKind.LSM) && e.errno() == Errno.EPERM) {
                // libbpf suggests raising the memlock limit here, which is not the cause as root.
                return FeatureStatus.missing(name, "load refused: " + Errno.describe(e.errno())
                        + ": this kernel refuses BPF trampolines (fentry/fexit/LSM)");
            }
            return FeatureStatus.missing(name, "load refused: " + Errno.describe(e.errno()) + loadHint(e));
        } catch (BpfException e) {
            return FeatureStatus.missing(name, "load refused: " + e.getMessage());
        }
        try (loaded) {
            BpfLink link = attachProbe(kind, loaded.program(kind.probeProgram()));
            link.close();
            return FeatureStatus.works(name);
        } catch (BpfException e) {
            if (heldByAnother(kind, e)) {
                return FeatureStatus.works(name); // lo already has one: the kernel does XDP/tc, the slot is taken
            }
            return FeatureStatus.missing(name, "attach refused: " + (e.errno() != 0 ? Errno.describe(e.errno())
                    : e.getMessage()) + attachHint(kind, e));
        }
    }

    private static BpfLink attachProbe(AttachKind kind, BpfProgram program) {
        return switch (kind) {
            case UPROBE -> program.attachUprobe(UprobeTarget.function(mappedLibrary("libc.so").orElseThrow(
                    () -> new BpfException("finding libc", Errno.ENOENT, "libc is not mapped")), "getpid"));
            case USDT -> program.attachUsdt(mappedLibrary("libjvm.so").orElseThrow(
                    () -> new BpfException("finding libjvm", Errno.ENOENT, "libjvm.so has no USDT notes here")),
                    "hotspot", "class__loaded", (int) ProcessHandle.current().pid());
            case PERF_EVENT -> program.attachPerfEvent(PerfEventSpec.cpuClock(49));
            case XDP -> program.attachXdp(NetworkInterface.byName("lo"));
            case TC -> program.attachTc(NetworkInterface.byName("lo"), TcDirection.INGRESS);
            case CGROUP -> program.attachCgroup(Cgroups.requireV2Root());
            case ITERATOR -> {
                IteratorLink link = program.attachIterator();
                link.readBytes();
                yield link;
            }
            default -> program.attach();
        };
    }

    /** XDP and tc slots of an interface are exclusive: another program there answers EBUSY/EEXIST. */
    private static boolean heldByAnother(AttachKind kind, BpfException e) {
        return (kind == AttachKind.XDP || kind == AttachKind.TC) && (e.errno() == Errno.EBUSY || e.errno() == Errno.EEXIST);
    }

    private static String loadHint(VerifierException e) {
        return e.summary().isEmpty() ? "" : " (" + e.summary() + ")";
    }

    private static String attachHint(AttachKind kind, BpfException e) {
        return switch (kind) {
            case FENTRY, LSM -> e.errno() == Errno.EPERM || e.errno() == Errno.ENOTSUPP
                    ? " (this kernel refuses BPF trampolines)" : "";
            case KPROBE -> e.errno() == Errno.ENOENT || e.errno() == Errno.EOPNOTSUPP
                    ? " (no kprobe support in this kernel)" : "";
            case TRACEPOINT -> Files.isDirectory(Path.of("/sys/kernel/tracing/events")) ? ""
                    : " (tracefs not mounted: mount -t tracefs tracefs /sys/kernel/tracing)";
            default -> "";
        };
    }

    /** A shared library mapped into this process, e.g. libc, found through /proc/self/maps. */
    public static Optional<Path> mappedLibrary(String fileNamePart) {
        try {
            return Files.readAllLines(Path.of("/proc/self/maps")).stream()
                    .map(line -> line.split("\\s+"))
                    .filter(f -> f.length >= 6 && f[5].startsWith("/") && Path.of(f[5]).getFileName().toString()
                            .startsWith(fileNamePart))
                    .map(f -> Path.of(f[5]))
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static byte[] probeObject() {
        byte[] bytes = probeObject;
        if (bytes == null) {
            try (InputStream in = Features.class.getResourceAsStream("/bpf/probes.bpf.o")) {
                if (in == null) {
                    throw new BpfException("loading probes.bpf.o", Errno.ENOENT, "resource missing from the jar");
                }
                bytes = in.readAllBytes();
                probeObject = bytes;
            } catch (IOException e) {
                throw new BpfException("loading probes.bpf.o", Errno.EIO, e.getMessage());
            }
        }
        return bytes;
    }
}
