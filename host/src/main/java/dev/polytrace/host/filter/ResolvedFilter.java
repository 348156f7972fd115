package dev.polytrace.host.filter;

import dev.polytrace.host.container.ContainerResolver;
import dev.polytrace.host.container.RunningContainer;
import dev.polytrace.host.input.UserError;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A {@link ProcessFilter} with its cgroup and container turned into cgroup v2 ids, as the kernel
 * and the host compare them. A container or cgroup that is not there now is an error, which lists
 * the running containers.
 *
 * @param cgroupIds the ids a task's cgroup (or one of its ancestors) must be among; empty for no such filter
 */
public record ResolvedFilter(ProcessFilter given, Integer pid, Integer uid, String comm, Set<Long> cgroupIds) {
    static final int COMM_MAX = 15;

    public static final ResolvedFilter NONE = new ResolvedFilter(ProcessFilter.NONE, null, null, null, Set.of());

    public ResolvedFilter {
        cgroupIds = Set.copyOf(cgroupIds);
    }

    public boolean isEmpty() {
        return given.isEmpty();
    }

    public boolean byCgroup() {
        return given.cgroup() != null || given.container() != null;
    }

    /** Resolves the cgroup and container of {@code filter} now. */
    public static ResolvedFilter of(ProcessFilter filter, ContainerResolver containers) {
        if (filter.isEmpty()) {
            return NONE;
        }
        if (filter.pid() != null && filter.pid() <= 0) {
            throw new UserError("--pid " + filter.pid() + ": a process id is a positive number");
        }
        if (filter.uid() != null && filter.uid() < 0) {
            throw new UserError("--uid " + filter.uid() + ": a user id is 0 or more");
        }
        if (filter.comm() != null && filter.comm().getBytes(StandardCharsets.UTF_8).length > COMM_MAX) {
            throw new UserError("--comm '" + filter.comm() + "': the kernel keeps at most " + COMM_MAX
                    + " bytes of a command name");
        }
        if (filter.cgroup() != null && filter.container() != null) {
            throw new UserError("--cgroup and --container both name a cgroup: give one of them");
        }
        Set<Long> ids = Set.of();
        if (filter.cgroup() != null) {
            ids = Set.of(cgroupId(filter.cgroup(), containers));
        } else if (filter.container() != null) {
            ids = Set.of(container(filter.container(), containers).cgroupId());
        }
        return new ResolvedFilter(filter, filter.pid(), filter.uid(), filter.comm(), ids);
    }

    private static long cgroupId(String path, ContainerResolver containers) {
        String relative = path;
        Path root = containers.cgroupRoot();
        if (Path.of(path).startsWith(root)) {
            relative = "/" + root.relativize(Path.of(path));
        }
        return containers.cgroupId(relative).orElseThrow(() -> new UserError("--cgroup " + path
                + ": no such cgroup in the cgroup v2 hierarchy at " + root));
    }

    /** The running container named {@code nameOrId}, by name, full id or a unique id prefix. */
    static RunningContainer container(String nameOrId, ContainerResolver containers) {
        List<RunningContainer> running = containers.running();
        List<RunningContainer> named = running.stream().filter(r -> r.info().name().equals(nameOrId)
                || r.info().id().equals(nameOrId)).toList();
        if (named.isEmpty() && nameOrId.length() >= 3) {
            named = running.stream().filter(r -> r.info().id().startsWith(nameOrId)).toList();
        }
        if (named.size() == 1) {
            return named.getFirst();
        }
        String list = running.isEmpty() ? "no container is running"
                : "running: " + running.stream().map(RunningContainer::describe).collect(Collectors.joining(", "));
        if (named.isEmpty()) {
            throw new UserError("--container " + nameOrId + ": no running container has this name or id; " + list);
        }
        throw new UserError("--container " + nameOrId + ": names " + named.size() + " containers; " + list);
    }
}
