package dev.polytrace.host.cli;

import dev.polytrace.host.filter.ProcessFilter;
import picocli.CommandLine.Option;

/** The filters every tracer takes, on {@code run}, {@code repl} and {@code remote deploy}. */
public final class FilterOptions {
    @Option(names = "--pid", paramLabel = "PID", description = "Only events of this process (tgid).")
    Integer pid;

    @Option(names = "--uid", paramLabel = "UID", description = "Only events of processes of this real user id.")
    Integer uid;

    @Option(names = "--comm", paramLabel = "NAME", description = "Only events of processes with this command name.")
    String comm;

    @Option(names = "--cgroup", paramLabel = "PATH",
            description = "Only events of processes in this cgroup v2 (or below it), e.g. /system.slice/ssh.service.")
    String cgroup;

    @Option(names = "--container", paramLabel = "NAME|ID",
            description = "Only events of processes in this running container (podman, Docker, containerd, CRI-O).")
    String container;

    public ProcessFilter toFilter() {
        return new ProcessFilter(pid, uid, comm, cgroup, container);
    }
}
