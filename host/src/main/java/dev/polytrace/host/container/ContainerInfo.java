package dev.polytrace.host.container;

import java.util.LinkedHashMap;
import java.util.Map;

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

    /** The fields by name, in declaration order: how an event's {@code container} reads in a handler and in JSON. */
    public Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("id", id);
        fields.put("name", name);
        fields.put("image", image);
        fields.put("runtime", runtime);
        fields.put("pod", pod);
        fields.put("namespace", namespace);
        return fields;
    }

    /** How a table shows it: the name (else the id's first 12 digits), {@code -} for a host process. */
    public String label() {
        if (isHost()) {
            return "-";
        }
        return !name.isEmpty() ? name : id.length() > 12 ? id.substring(0, 12) : id;
    }
}
