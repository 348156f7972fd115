package dev.polytrace.host.container;

import java.util.Optional;

/** One container runtime's own record of its containers, read from its state files. */
interface RuntimeState {
    /** What the runtime says about the container of {@code cgroup}; empty when it has no record of it. */
    Optional<ContainerInfo> describe(ContainerCgroup cgroup);
}
