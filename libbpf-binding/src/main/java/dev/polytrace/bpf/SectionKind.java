package dev.polytrace.bpf;

/** What libbpf can attach from the section name alone, and what needs a run-time target. */
final class SectionKind {
    private SectionKind() {
    }

    static boolean needsExplicitTarget(String section) {
        return isXdp(section) || isTc(section) || section.startsWith("perf_event")
                || section.startsWith("cgroup") || section.equals("uprobe") || section.equals("uretprobe")
                || section.equals("usdt") || section.equals("socket") || section.startsWith("sk_")
                || section.equals("kprobe") || section.equals("kretprobe");
    }

    static String explicitAttachHint(String section) {
        if (isXdp(section)) {
            return "an interface (attachXdp)";
        }
        if (isTc(section)) {
            return "an interface and a direction (attachTc)";
        }
        if (section.startsWith("perf_event")) {
            return "a perf event to sample on (attachPerfEvent)";
        }
        if (section.startsWith("cgroup")) {
            return "a cgroup directory (attachCgroup)";
        }
        if (section.startsWith("u")) {
            return "a binary and a function (attachUprobe / attachUsdt)";
        }
        if (section.startsWith("k")) {
            return "a kernel function (attachKprobe)";
        }
        return "an explicit attach call";
    }

    static boolean isXdp(String section) {
        return section.equals("xdp") || section.startsWith("xdp/") || section.startsWith("xdp.");
    }

    static boolean isTc(String section) {
        return section.equals("tc") || section.startsWith("tc/") || section.startsWith("classifier")
                || section.startsWith("tcx/");
    }
}
