package dev.polytrace.host.pkg;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads eunomia-bpf's {@code meta.bpf_skel.progs}: each program checked against the object, and
 * the attach options ecli honours for the programs libbpf cannot attach alone. XDP takes
 * {@code ifindex} and {@code flags}; tc takes {@code tchook {ifindex, attach_point}} and
 * {@code tcopts {handle, priority}}; both default to interface 1, the loopback, as in ecli.
 * {@code link} must be a boolean: ecc writes true for every program and ecli never reads it.
 */
final class EunomiaPrograms {
    /** eunomia's default when an XDP or tc program gives no interface: ifindex 1, the loopback. */
    private static final long DEFAULT_IFINDEX = 1;
    private static final Map<String, String> TC_ATTACH_POINTS = Map.of("BPF_TC_INGRESS", "ingress",
            "BPF_TC_EGRESS", "egress");

    private EunomiaPrograms() {
    }

    static List<PackageProgram> read(JsonField skel, ObjectChecks checks) {
        List<PackageProgram> programs = new ArrayList<>();
        for (JsonField prog : skel.elements("progs")) {
            prog.object();
            String name = prog.text("name");
            String section = prog.text("attach");
            checks.program(name, prog.childPath("name"), section, prog.childPath("attach"));
            prog.bool("link", true);
            programs.add(new PackageProgram(name, section, attachTarget(prog, section)));
        }
        return programs;
    }

    private static Optional<AttachTarget> attachTarget(JsonField prog, String section) {
        if (ProgramSection.isXdp(section)) {
            String iface = Long.toString(prog.integerAtLeast("ifindex", DEFAULT_IFINDEX, 1));
            return Optional.of(AttachTarget.network(iface, null, xdpFlags(prog), null, null));
        }
        if (ProgramSection.isTc(section)) {
            Optional<JsonField> hook = prog.optional("tchook").map(JsonField::object);
            long ifindex = hook.map(h -> h.integerAtLeast("ifindex", DEFAULT_IFINDEX, 1)).orElse(DEFAULT_IFINDEX);
            String direction = "ingress";
            Optional<JsonField> point = hook.flatMap(h -> h.optional("attach_point"));
            if (point.isPresent()) {
                direction = TC_ATTACH_POINTS.get(point.get().text());
                if (direction == null) {
                    throw point.get().fail("\"" + point.get().text()
                            + "\" is not supported (BPF_TC_INGRESS or BPF_TC_EGRESS)");
                }
            }
            Optional<JsonField> opts = prog.optional("tcopts").map(JsonField::object);
            return Optional.of(AttachTarget.network(Long.toString(ifindex), direction, null,
                    opts.map(o -> tcNumber(o, "handle", 0xffff_ffffL)).orElse(null),
                    opts.map(o -> tcNumber(o, "priority", 0xffff)).orElse(null)));
        }
        return Optional.empty();
    }

    /** {@code flags} (0 when absent); {@code xdpopts.old_prog_fd} only as 0, since no fd outlives its packager. */
    private static Long xdpFlags(JsonField prog) {
        Optional<JsonField> flags = prog.optional("flags");
        flags.ifPresent(f -> XdpFlags.check(f.integerAtLeast(0)).ifPresent(problem -> {
            throw f.fail(problem);
        }));
        Optional<JsonField> oldFd = prog.optional("xdpopts").map(JsonField::object)
                .flatMap(o -> o.optional("old_prog_fd"));
        if (oldFd.isPresent() && oldFd.get().integer() != 0) {
            throw oldFd.get().fail("only 0 is supported: a program fd of the packaging process means nothing here");
        }
        return flags.map(JsonField::integer).filter(f -> f != 0).orElse(null);
    }

    /**
     * A tc handle (u32) or priority (u16, as libbpf checks); ecli's default is 1 for both. A 0
     * would let the kernel choose, and polytrace could not detach the filter by it, so it is refused.
     */
    private static Long tcNumber(JsonField opts, String name, long max) {
        Optional<JsonField> field = opts.optional(name);
        if (field.isEmpty()) {
            return 1L;
        }
        long value = field.get().integerAtLeast(1);
        if (value > max) {
            throw field.get().fail("must be at most " + max + ", got " + value);
        }
        return value;
    }
}
