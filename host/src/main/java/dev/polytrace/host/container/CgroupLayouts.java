package dev.polytrace.host.container;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises a container's cgroup from its path, for each runtime's layouts under the systemd and
 * the cgroupfs cgroup drivers:
 * <ul>
 * <li>podman: {@code /libpod_parent/libpod-ID}, {@code /machine.slice/libpod-ID.scope} (a nested
 *     {@code /container} below it too);</li>
 * <li>Docker: {@code /docker/ID}, {@code /system.slice/docker-ID.scope};</li>
 * <li>Kubernetes (containerd's or CRI-O's CRI): {@code /kubepods.slice/kubepods-burstable.slice/
 *     kubepods-burstable-podUID.slice/cri-containerd-ID.scope} (or {@code crio-ID.scope}), the
 *     pod UID written with underscores; cgroupfs: {@code /kubepods/burstable/podUID/ID};</li>
 * <li>CRI-O outside Kubernetes slices: {@code crio-ID.scope}.</li>
 * </ul>
 * Monitors ({@code libpod-conmon-ID}, {@code crio-conmon-ID}) are not containers.
 */
final class CgroupLayouts {
    private static final String ID = "([0-9a-f]{64})";
    private static final Pattern PODMAN = Pattern.compile("/libpod-" + ID + "(?:\\.scope)?(?:/.*)?$");
    private static final Pattern DOCKER = Pattern.compile("(?:/docker/|/docker-)" + ID + "(?:\\.scope)?(?:/.*)?$");
    private static final Pattern POD = Pattern.compile("/kubepods[^/]*(?:/[^/]+)*?/(?:kubepods-(?:[a-z]+-)?)?pod"
            + "([0-9a-f_-]{36})(?:\\.slice)?/(cri-containerd-|crio-|docker-)?" + ID + "(?:\\.scope)?(?:/.*)?$");
    private static final Pattern CRIO = Pattern.compile("/crio-" + ID + "(?:\\.scope)?(?:/.*)?$");
    private static final Pattern CONTAINERD = Pattern.compile("/cri-containerd-" + ID + "(?:\\.scope)?(?:/.*)?$");

    private CgroupLayouts() {
    }

    /** The container a cgroup v2 (or v1) path belongs to; empty for a host cgroup. */
    static Optional<ContainerCgroup> parse(String path) {
        Matcher m = POD.matcher(path);
        if (m.find()) {
            String runtime = switch (m.group(2) == null ? "" : m.group(2)) {
                case "crio-" -> ContainerCgroup.CRIO;
                case "docker-" -> ContainerCgroup.DOCKER;
                default -> ContainerCgroup.CONTAINERD; // cri-containerd-, and the cgroupfs driver's bare id
            };
            return Optional.of(new ContainerCgroup(runtime, m.group(3), m.group(1).replace('_', '-')));
        }
        if ((m = PODMAN.matcher(path)).find()) {
            return Optional.of(new ContainerCgroup(ContainerCgroup.PODMAN, m.group(1), ""));
        }
        if ((m = DOCKER.matcher(path)).find()) {
            return Optional.of(new ContainerCgroup(ContainerCgroup.DOCKER, m.group(1), ""));
        }
        if ((m = CRIO.matcher(path)).find()) {
            return Optional.of(new ContainerCgroup(ContainerCgroup.CRIO, m.group(1), ""));
        }
        if ((m = CONTAINERD.matcher(path)).find()) {
            return Optional.of(new ContainerCgroup(ContainerCgroup.CONTAINERD, m.group(1), ""));
        }
        return Optional.empty();
    }
}
