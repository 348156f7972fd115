package dev.polytrace.host.container;

import dev.polytrace.script.codec.RecordLayout;
import java.nio.ByteBuffer;
import java.util.Map;

/**
 * Where an event type keeps its process: the fields named {@code pid} (or {@code tgid}), {@code uid},
 * {@code comm} and {@code cgroup_id} (what {@code polytrace_cgroup_id()} recorded). An event has a
 * process when it has a pid or a cgroup id.
 */
public final class ProcessFields {
    public static final String CGROUP_ID = "cgroup_id";

    private final RecordLayout layout;
    private final int pid;
    private final int uid;
    private final int comm;
    private final int cgroupId;

    private ProcessFields(RecordLayout layout) {
        this.layout = layout;
        int p = layout.indexOf("pid");
        this.pid = p >= 0 ? p : layout.indexOf("tgid");
        this.uid = layout.indexOf("uid");
        this.comm = layout.indexOf("comm");
        this.cgroupId = layout.indexOf(CGROUP_ID);
    }

    public static ProcessFields of(RecordLayout layout) {
        return new ProcessFields(layout);
    }

    public boolean hasProcess() {
        return pid >= 0 || cgroupId >= 0;
    }

    public boolean hasPid() {
        return pid >= 0;
    }

    public boolean hasUid() {
        return uid >= 0;
    }

    public boolean hasComm() {
        return comm >= 0;
    }

    public boolean hasCgroupId() {
        return cgroupId >= 0;
    }

    /** The record's pid; -1 when it has none. */
    public int pid(ByteBuffer record) {
        return (int) number(pid, record);
    }

    public long uid(ByteBuffer record) {
        return number(uid, record);
    }

    /** The recorded cgroup id; 0 (no cgroup has it) when there is none. */
    public long cgroupId(ByteBuffer record) {
        long id = number(cgroupId, record);
        return id < 0 ? 0 : id;
    }

    public String comm(ByteBuffer record) {
        return comm >= 0 && layout.isPresent(comm, record) ? String.valueOf(layout.read(comm, record)) : null;
    }

    private long number(int field, ByteBuffer record) {
        if (field < 0 || !layout.isPresent(field, record)) {
            return -1;
        }
        return layout.read(field, record) instanceof Number n ? n.longValue() : -1;
    }

    /** The container of a record of this type: by its cgroup id, else by its pid now; null when it has no process. */
    public ContainerInfo container(ByteBuffer record, ContainerResolver resolver) {
        long id = cgroupId(record);
        if (id > 0) {
            return resolver.ofCgroupId(id);
        }
        int p = pid(record);
        return p > 0 ? resolver.ofPid(p) : p == 0 ? ContainerInfo.HOST : hasProcess() ? ContainerInfo.UNKNOWN : null;
    }

    /**
     * The record decoded, with its {@code container}'s fields added when the process is in a
     * container (or could not be looked up), as JSON lines show it; for sinks that keep decoded maps.
     */
    public static Map<String, Object> decode(RecordLayout layout, ByteBuffer record, ContainerInfo container) {
        Map<String, Object> event = layout.decode(record);
        if (container != null && !container.isHost() && !event.containsKey("container")) {
            event.put("container", container.fields());
        }
        return event;
    }

    /** The container of a decoded event (a map of its fields), as {@link #container(ByteBuffer, ContainerResolver)}. */
    public static ContainerInfo container(Map<String, Object> event, ContainerResolver resolver) {
        if (event.get(CGROUP_ID) instanceof Number id && id.longValue() > 0) {
            return resolver.ofCgroupId(id.longValue());
        }
        Object pid = event.containsKey("pid") ? event.get("pid") : event.get("tgid");
        if (pid instanceof Number p) {
            return p.intValue() > 0 ? resolver.ofPid(p.intValue()) : ContainerInfo.HOST;
        }
        return null;
    }
}
