package dev.polytrace.host.container;

/**
 * Who a process belongs to, as its container runtime describes it. Every field is empty for a
 * host process; {@link #UNKNOWN} stands for a process that was gone before it could be resolved.
 */
public record ContainerInfo(String id, String name, String image, String runtime, String pod, String namespace) {
    public static final ContainerInfo HOST = new ContainerInfo("", "", "", "", "", "");
    public static final ContainerInfo UNKNOWN = new ContainerInfo("unknown", "unknown", "", "", "", "");

    public boolean isHost() {
        return id.isEmpty();
    }
}
