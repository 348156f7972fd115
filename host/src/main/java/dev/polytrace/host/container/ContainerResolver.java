package dev.polytrace.host.container;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntToLongFunction;
import java.util.function.LongSupplier;

/**
 * Which container a process or a cgroup belongs to. A cgroup is recognised by its path ({@link
 * CgroupLayouts}) and described by its runtime's own state ({@link RuntimeState}); the answer is
 * cached by cgroup id, and an entry is dropped once its cgroup is gone (the container exited),
 * checked at most every {@link #SWEEP_NANOS} as lookups come. A container whose runtime had no
 * record of it yet is asked again after that long as well.
 *
 * <p>Never guesses: a process gone before it was looked up (unless the kernel recorded the
 * cgroup it exited in, {@link ExitedProcesses}), or a cgroup id that is in no cgroup now, is
 * {@link ContainerInfo#UNKNOWN}. One resolver per machine ({@link #system()}) shares the
 * cache between every tracer of a run or a daemon. Thread-safe.
 */
public final class ContainerResolver {
    static final long SWEEP_NANOS = 1_000_000_000L;
    /** How long a process's cgroup, once read, is taken as still current. */
    static final long PID_NANOS = 100_000_000L;
    private static final int MAX_CACHED = 16_384;
    private static volatile ContainerResolver system;

    private final StateRoots roots;
    private final CgroupTree tree;
    private final List<RuntimeState> runtimes;
    private final KubeletPods pods;
    private final LongSupplier clock;
    private final IntToLongFunction exitedCgroupId;
    private final Map<Long, Cached> byCgroupId = new ConcurrentHashMap<>();
    private final Map<Integer, SeenPid> pidCgroups = new ConcurrentHashMap<>();
    private volatile Map<Long, String> pathsById = Map.of();
    private volatile long lastSweep;

    private record Cached(ContainerInfo info, String path, long retryAt) {
    }

    /** A process's cgroup path and its id as read at {@code at}; a null path when the process was gone (its id then the recorded exit's, if any). */
    private record SeenPid(String path, Long cgroupId, long at) {
    }

    public ContainerResolver(StateRoots roots) {
        this(roots, System::nanoTime);
    }

    ContainerResolver(StateRoots roots, LongSupplier clock) {
        this(roots, clock, pid -> 0);
    }

    /**
     * @param exitedCgroupId the cgroup id a process that is gone exited in, 0 when not known
     *                       ({@link ExitedProcesses} for this machine's resolver)
     */
    ContainerResolver(StateRoots roots, LongSupplier clock, IntToLongFunction exitedCgroupId) {
        this.exitedCgroupId = exitedCgroupId;
        this.roots = roots;
        this.tree = new CgroupTree(roots.cgroupV2());
        this.runtimes = List.of(new PodmanState(roots.containersStorage()), new DockerState(roots.docker()),
                new ContainerdState(roots.containerdTasks()), new CrioState(roots.crioRun(), roots.containersStorage()));
        this.pods = new KubeletPods(roots.kubeletPods());
        this.clock = clock;
        this.lastSweep = clock.getAsLong();
    }

    /** This machine's resolver, shared. */
    public static ContainerResolver system() {
        ContainerResolver r = system;
        if (r == null) {
            synchronized (ContainerResolver.class) {
                if (system == null) {
                    system = new ContainerResolver(StateRoots.system(), System::nanoTime, ExitedProcesses::cgroupIdOf);
                }
                r = system;
            }
        }
        return r;
    }

    /** The resolver's clock (nanoseconds). */
    long now() {
        return clock.getAsLong();
    }

    /** The container of the cgroup with this v2 id, as {@code bpf_get_current_cgroup_id()} recorded it. */
    public ContainerInfo ofCgroupId(long cgroupId) {
        sweepIfDue();
        Cached cached = byCgroupId.get(cgroupId);
        if (cached != null && (cached.retryAt == 0 || clock.getAsLong() < cached.retryAt)) {
            return cached.info;
        }
        String path = pathOf(cgroupId);
        if (path == null) {
            return ContainerInfo.UNKNOWN; // not cached: an id in no cgroup now will not be in one later
        }
        return resolve(cgroupId, path);
    }

    /**
     * The container of process {@code pid}, from {@code /proc/PID/cgroup} as it was at most {@link
     * #PID_NANOS} ago: reading it costs far more than handling an event (hundreds of microseconds
     * on a busy host), and a tracer without a recorded cgroup id would pay that per event.
     */
    public ContainerInfo ofPid(int pid) {
        long now = clock.getAsLong();
        SeenPid seen = pidCgroups.get(pid);
        if (seen == null || now - seen.at >= PID_NANOS) {
            String path = ProcessCgroup.of(roots.proc(), pid).orElse(null);
            seen = new SeenPid(path, path != null ? tree.idOf(path).orElse(null) : exitedIn(pid), now);
            if (pidCgroups.size() >= MAX_CACHED) {
                pidCgroups.clear();
            }
            pidCgroups.put(pid, seen);
        }
        if (seen.cgroupId != null) {
            return ofCgroupId(seen.cgroupId);
        }
        // No v2 hierarchy holds it (v1 only): nothing to cache by; or gone without a recorded exit.
        return seen.path == null ? ContainerInfo.UNKNOWN : describe(seen.path);
    }

    /** The cgroup id a gone process exited in, if the kernel recorded it; null otherwise. */
    private Long exitedIn(int pid) {
        long id = exitedCgroupId.applyAsLong(pid);
        return id > 0 ? id : null;
    }

    /** The container of the cgroup at {@code path} (a v2 path, as {@code /proc/PID/cgroup} writes it). */
    public ContainerInfo ofCgroupPath(String path) {
        return describe(path);
    }

    /** Where the cgroup v2 hierarchy is mounted. */
    public java.nio.file.Path cgroupRoot() {
        return tree.root();
    }

    /** The cgroup v2 id of {@code path}, for filters; empty when there is no such cgroup. */
    public Optional<Long> cgroupId(String path) {
        return tree.idOf(path);
    }

    /** The ids of the cgroups above the one with this id (its parent first); empty when it is gone. */
    public List<Long> ancestorIds(long cgroupId) {
        String path = pathOf(cgroupId);
        return path == null ? List.of() : ancestors(path);
    }

    /** The id of the cgroup of process {@code pid} now, then its ancestors'; empty when the process is gone. */
    public List<Long> cgroupIdsOfPid(int pid) {
        Optional<String> path = ProcessCgroup.of(roots.proc(), pid);
        if (path.isEmpty()) {
            return List.of();
        }
        List<Long> ids = new ArrayList<>();
        tree.idOf(path.get()).ifPresent(ids::add);
        ids.addAll(ancestors(path.get()));
        return ids;
    }

    private List<Long> ancestors(String path) {
        List<Long> ids = new ArrayList<>();
        for (int slash = path.lastIndexOf('/'); slash >= 0; slash = path.lastIndexOf('/', slash - 1)) {
            tree.idOf(path.substring(0, slash)).ifPresent(ids::add);
            if (slash == 0) {
                break;
            }
        }
        return ids;
    }

    /** Containers that have a cgroup now, one entry each (the outermost of a container's cgroups), by name. */
    public List<RunningContainer> running() {
        Map<String, RunningContainer> byId = new HashMap<>();
        tree.walk((id, path) -> CgroupLayouts.parse(path).ifPresent(c -> {
            RunningContainer found = byId.get(c.id());
            if (found == null || path.length() < found.cgroupPath().length()) {
                byId.put(c.id(), new RunningContainer(describe(c), id, path));
            }
        }));
        List<RunningContainer> all = new ArrayList<>(byId.values());
        all.sort(Comparator.comparing((RunningContainer r) -> r.info().name()).thenComparing(r -> r.info().id()));
        return all;
    }

    /** Drops the entries whose cgroup is gone. Lookups call this every {@link #SWEEP_NANOS}. */
    public void sweep() {
        lastSweep = clock.getAsLong();
        pathsById = Map.of(); // walked again at the next id it lacks, without the removed cgroups
        byCgroupId.entrySet().removeIf(e -> !tree.exists(e.getValue().path));
        if (byCgroupId.size() > MAX_CACHED) {
            byCgroupId.clear();
        }
    }

    /** How many cgroups have a cached answer (for tests of the invalidation). */
    int cached() {
        return byCgroupId.size();
    }

    private void sweepIfDue() {
        if (clock.getAsLong() - lastSweep >= SWEEP_NANOS) {
            sweep();
        }
    }

    private ContainerInfo resolve(long cgroupId, String path) {
        Optional<ContainerCgroup> container = CgroupLayouts.parse(path);
        ContainerInfo info = container.map(this::describe).orElse(ContainerInfo.HOST);
        // A container the runtime has no record of yet (being created) is asked again later.
        long retryAt = container.isPresent() && info.name().isEmpty() ? clock.getAsLong() + SWEEP_NANOS : 0;
        byCgroupId.put(cgroupId, new Cached(info, path, retryAt));
        return info;
    }

    private ContainerInfo describe(String path) {
        return CgroupLayouts.parse(path).map(this::describe).orElse(ContainerInfo.HOST);
    }

    private ContainerInfo describe(ContainerCgroup cgroup) {
        ContainerInfo info = runtimeRecord(cgroup)
                .orElse(new ContainerInfo(cgroup.id(), "", "", cgroup.runtime(), "", ""));
        if (!cgroup.podUid().isEmpty() && (info.pod().isEmpty() || info.namespace().isEmpty())) {
            Optional<KubeletPods.Pod> pod = pods.pod(cgroup.podUid());
            if (pod.isPresent()) {
                info = new ContainerInfo(info.id(), info.name(), info.image(), info.runtime(),
                        StateFiles.firstNonEmpty(info.pod(), pod.get().name()),
                        StateFiles.firstNonEmpty(info.namespace(), pod.get().namespace()));
            }
        }
        return info;
    }

    /** The record of the runtime the path names first, then of the others (a Kubernetes path may be either's). */
    private Optional<ContainerInfo> runtimeRecord(ContainerCgroup cgroup) {
        for (RuntimeState state : runtimes) {
            Optional<ContainerInfo> info = state.describe(cgroup);
            if (info.isPresent() && info.get().runtime().equals(cgroup.runtime())) {
                return info;
            }
        }
        for (RuntimeState state : runtimes) {
            Optional<ContainerInfo> info = state.describe(cgroup);
            if (info.isPresent()) {
                return info;
            }
        }
        return Optional.empty();
    }

    /** The path of the cgroup with this id, walking the hierarchy again when it is new since the last walk. */
    private String pathOf(long cgroupId) {
        String path = pathsById.get(cgroupId);
        if (path != null) {
            return path;
        }
        synchronized (this) {
            path = pathsById.get(cgroupId);
            if (path == null) {
                pathsById = tree.index();
                path = pathsById.get(cgroupId);
            }
        }
        return path;
    }
}
