package dev.polytrace.host.container;

/**
 * What a cgroup path alone says about a container: the runtime whose naming it follows, the
 * container's full id, and for Kubernetes layouts the pod's UID (empty otherwise).
 */
record ContainerCgroup(String runtime, String id, String podUid) {
    static final String PODMAN = "podman";
    static final String DOCKER = "docker";
    static final String CONTAINERD = "containerd";
    static final String CRIO = "cri-o";
}
