package dev.polytrace.host.filter;

/**
 * The filters every tracer takes ({@code --pid}, {@code --uid}, {@code --comm}, {@code --cgroup},
 * {@code --container}), as the user gave them; null (or empty) is no filter. All given filters must
 * match. Applied in the kernel when the tracer includes {@code polytrace.h}, else in the host
 * before the handler ({@link FilterPlacement}).
 *
 * @param pid       a process id (tgid)
 * @param uid       a real user id
 * @param comm      a command name, exactly (at most 15 characters, as the kernel keeps it)
 * @param cgroup    a cgroup v2 path ({@code /system.slice/x.service}, or below the mount); its
 *                  descendants match too
 * @param container a running container's name, id or id prefix
 */
public record ProcessFilter(Integer pid, Integer uid, String comm, String cgroup, String container) {
    public static final ProcessFilter NONE = new ProcessFilter(null, null, null, null, null);

    public ProcessFilter {
        comm = blankToNull(comm);
        cgroup = blankToNull(cgroup);
        container = blankToNull(container);
    }

    public boolean isEmpty() {
        return pid == null && uid == null && comm == null && cgroup == null && container == null;
    }

    /** The filters as the command line writes them, e.g. "--pid 12 --container web". */
    public String describe() {
        StringBuilder text = new StringBuilder();
        append(text, "--pid", pid);
        append(text, "--uid", uid);
        append(text, "--comm", comm);
        append(text, "--cgroup", cgroup);
        append(text, "--container", container);
        return text.toString();
    }

    private static void append(StringBuilder text, String flag, Object value) {
        if (value != null) {
            text.append(text.isEmpty() ? "" : " ").append(flag).append(' ').append(value);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
