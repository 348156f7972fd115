package dev.polytrace.host.container;

/** A container that has a cgroup now: what it is, and its cgroup v2 id and path. */
public record RunningContainer(ContainerInfo info, long cgroupId, String cgroupPath) {
    /** "NAME (RUNTIME ID12)", or the id alone when the runtime gave no name. */
    public String describe() {
        String shortId = info.id().length() > 12 ? info.id().substring(0, 12) : info.id();
        return info.name().isEmpty() ? info.runtime() + " " + shortId
                : info.name() + " (" + info.runtime() + " " + shortId + ")";
    }
}
