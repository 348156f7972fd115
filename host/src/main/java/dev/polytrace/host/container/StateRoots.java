package dev.polytrace.host.container;

import java.nio.file.Path;

/**
 * Where this machine keeps what container resolution reads: processes, the cgroup v2 hierarchy,
 * and each runtime's state. Tests point these at directories of recorded files.
 *
 * @param proc             {@code /proc}
 * @param cgroupV2         the cgroup v2 mount: {@code /sys/fs/cgroup}, or {@code /sys/fs/cgroup/unified}
 *                         on a hybrid layout
 * @param containersStorage containers/storage (podman, CRI-O): {@code /var/lib/containers/storage}
 * @param crioRun          CRI-O's run-time copy of it: {@code /run/containers/storage}
 * @param docker           {@code /var/lib/docker}
 * @param containerdTasks  containerd's shim v2 task bundles: {@code /run/containerd/io.containerd.runtime.v2.task}
 * @param kubeletPods      {@code /var/lib/kubelet/pods}
 */
public record StateRoots(Path proc, Path cgroupV2, Path containersStorage, Path crioRun, Path docker,
        Path containerdTasks, Path kubeletPods) {

    /** This machine's locations; the cgroup v2 mount is found in {@code /proc/self/mountinfo}. */
    public static StateRoots system() {
        return new StateRoots(Path.of("/proc"), CgroupMount.v2Root(Path.of("/proc/self/mountinfo")),
                Path.of("/var/lib/containers/storage"), Path.of("/run/containers/storage"), Path.of("/var/lib/docker"),
                Path.of("/run/containerd/io.containerd.runtime.v2.task"), Path.of("/var/lib/kubelet/pods"));
    }

    /** Everything below one directory, as the system's layout would be ({@code root/proc}, ...). */
    public static StateRoots under(Path root) {
        return new StateRoots(root.resolve("proc"), root.resolve("sys/fs/cgroup/unified"),
                root.resolve("var/lib/containers/storage"), root.resolve("run/containers/storage"),
                root.resolve("var/lib/docker"), root.resolve("run/containerd/io.containerd.runtime.v2.task"),
                root.resolve("var/lib/kubelet/pods"));
    }
}
