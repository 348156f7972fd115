package dev.polytrace.host.session;

import dev.polytrace.bpf.BpfLink;
import dev.polytrace.bpf.BpfObject;
import dev.polytrace.bpf.BpfProgram;
import dev.polytrace.bpf.NetworkInterface;
import dev.polytrace.bpf.PerfEventSpec;
import dev.polytrace.bpf.TcDirection;
import dev.polytrace.bpf.UprobeTarget;
import dev.polytrace.host.input.UserError;
import dev.polytrace.host.pkg.AttachTarget;
import dev.polytrace.host.pkg.XdpFlags;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Attaches each loaded program: explicitly when the package or the command line gives a target,
 * else as its section says. A program that needs a target and has none is a one-line error
 * telling which {@code --attach} to add; what its section does say (a uprobe's function) is kept.
 */
public final class ProgramAttacher {
    private ProgramAttacher() {
    }

    public static List<BpfLink> attachAll(BpfObject object, Map<String, AttachTarget> targets) {
        List<BpfLink> links = new ArrayList<>();
        try {
            for (BpfProgram program : object.programs()) {
                links.add(attach(program, targets.get(program.name())));
            }
        } catch (RuntimeException e) {
            links.forEach(BpfLink::close);
            throw e;
        }
        return links;
    }

    static BpfLink attach(BpfProgram program, AttachTarget target) {
        String section = program.section();
        String kind = section.contains("/") ? section.substring(0, section.indexOf('/')) : section;
        kind = kind.replaceFirst("\\..*$", "");
        if (target == null) {
            if (!usesDefaultTarget(kind, section)) {
                return program.attach();
            }
            target = NO_TARGET;
        }
        switch (kind) {
            case "xdp" -> {
                long flags = target.xdpFlags() == null ? 0 : target.xdpFlags();
                XdpFlags.check(flags).ifPresent(problem -> {
                    throw new UserError("program " + program.name() + ": xdpFlags " + problem);
                });
                return program.attachXdp(iface(program, target), XdpFlags.linkFlags(flags));
            }
            case "tc", "classifier", "tcx" -> {
                return tc(program, target);
            }
            case "uprobe", "uretprobe" -> {
                AttachTarget given = uprobeSection(section).overriddenBy(target);
                return program.attachUprobe(uprobe(program, given, kind.equals("uretprobe")));
            }
            case "usdt" -> {
                String[] probe = require(program, "symbol", target.symbol(), "provider:probe").split(":", 2);
                if (probe.length != 2) {
                    throw new UserError("program " + program.name() + ": usdt symbol must be provider:probe, got "
                            + target.symbol());
                }
                return program.attachUsdt(Path.of(require(program, "binary", target.binary(), "/path/to/binary")),
                        probe[0], probe[1], target.pid() == null ? -1 : target.pid());
            }
            case "perf_event" -> {
                long hz = target.frequency() == null ? 49 : target.frequency();
                return program.attachPerfEvent(PerfEventSpec.cpuClock(hz));
            }
            case "tracepoint", "tp" -> {
                if (target.tracepoint() == null) {
                    return program.attach();
                }
                String[] tp = target.tracepoint().split(":", 2);
                if (tp.length != 2) {
                    throw new UserError("program " + program.name() + ": tracepoint must be category:name");
                }
                return program.attachTracepoint(tp[0], tp[1]);
            }
            default -> {
                if (kind.startsWith("cgroup")) {
                    return program.attachCgroup(target.cgroup() == null ? dev.polytrace.bpf.Cgroups.requireV2Root()
                            : Path.of(target.cgroup()));
                }
                return program.attach();
            }
        }
    }

    private static final AttachTarget NO_TARGET = AttachTarget.NONE;

    /** With a package's tc handle and priority when it gives them (eunomia's tcopts), else polytrace's own. */
    private static BpfLink tc(BpfProgram program, AttachTarget target) {
        if (target.tcHandle() == null && target.tcPriority() == null) {
            return program.attachTc(iface(program, target), direction(program, target));
        }
        long handle = target.tcHandle() == null ? 1 : target.tcHandle();
        long priority = target.tcPriority() == null ? 1 : target.tcPriority();
        if (handle < 1 || handle > 0xffff_ffffL || priority < 1 || priority > 0xffff) {
            throw new UserError("program " + program.name() + ": tcHandle must be 1 to 4294967295 and tcPriority 1 to"
                    + " 65535, got " + handle + " and " + priority);
        }
        return program.attachTc(iface(program, target), direction(program, target), (int) handle, (int) priority);
    }

    /** Sections libbpf cannot attach alone: we attach them with defaults or ask for the target. */
    private static boolean usesDefaultTarget(String kind, String section) {
        return switch (kind) {
            case "xdp", "tc", "classifier", "tcx", "perf_event" -> true;
            case "uprobe", "uretprobe" -> !section.contains(":"); // libbpf needs BINARY:FUNCTION
            case "usdt" -> !section.contains("/");
            default -> kind.startsWith("cgroup");
        };
    }

    /**
     * What a uprobe's section says of its target: {@code uprobe/BINARY:FUNCTION[+OFFSET]}, or
     * only the function, {@code uprobe/FUNCTION[+OFFSET]}, as libbpf-tools' bashreadline has
     * {@code uretprobe/readline} for its C code to attach in the bash it finds. A function that is
     * a number is an offset into the file, as for libbpf.
     */
    static AttachTarget uprobeSection(String section) {
        int slash = section.indexOf('/');
        if (slash < 0 || slash == section.length() - 1) {
            return AttachTarget.NONE;
        }
        String spec = section.substring(slash + 1);
        int colon = spec.indexOf(':');
        String binary = colon < 0 ? null : spec.substring(0, colon);
        String function = colon < 0 ? spec : spec.substring(colon + 1);
        Long offset = null;
        int plus = function.lastIndexOf('+');
        if (plus > 0 && number(function.substring(plus + 1)) != null) {
            offset = number(function.substring(plus + 1));
            function = function.substring(0, plus);
        } else if (number(function) != null) {
            offset = number(function);
            function = null;
        }
        return new AttachTarget(null, null, binary, function == null || function.isEmpty() ? null : function,
                offset, null, null, null, null, null);
    }

    /** Decimal or 0x hex, as libbpf reads offsets; null for anything else. */
    private static Long number(String text) {
        try {
            return Long.decode(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static UprobeTarget uprobe(BpfProgram program, AttachTarget target, boolean sectionSaysReturn) {
        Path binary = Path.of(require(program, "binary", target.binary(), "/path/to/binary"));
        long offset = target.offset() == null ? 0 : target.offset();
        UprobeTarget uprobe = target.symbol() != null ? new UprobeTarget(binary, target.symbol(), offset, -1, false)
                : UprobeTarget.fileOffset(binary, offset);
        if (target.pid() != null && target.pid() >= 0) {
            uprobe = uprobe.forPid(target.pid());
        }
        if (sectionSaysReturn || Boolean.TRUE.equals(target.retprobe())) {
            uprobe = uprobe.asReturnProbe();
        }
        return uprobe;
    }

    private static NetworkInterface iface(BpfProgram program, AttachTarget target) {
        return NetworkInterface.parse(require(program, "iface", target.iface(), "lo"));
    }

    private static TcDirection direction(BpfProgram program, AttachTarget target) {
        String d = target.direction() == null ? "ingress" : target.direction().toLowerCase(Locale.ROOT);
        return switch (d) {
            case "ingress" -> TcDirection.INGRESS;
            case "egress" -> TcDirection.EGRESS;
            default -> throw new UserError("program " + program.name() + ": direction must be ingress or egress, got " + d);
        };
    }

    private static String require(BpfProgram program, String field, String value, String example) {
        if (value == null || value.isBlank()) {
            throw new UserError("program " + program.name() + " (" + program.section() + ") needs a target: add --attach "
                    + program.name() + "." + field + "=" + example);
        }
        return value;
    }
}
