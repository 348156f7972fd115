package dev.polytrace.host.filter;

import dev.polytrace.host.container.ContainerResolver;
import dev.polytrace.host.container.ProcessFields;
import dev.polytrace.host.input.UserError;
import dev.polytrace.script.codec.RecordLayout;
import java.nio.ByteBuffer;
import java.util.Set;

/**
 * The run's filters applied in the host to one stream's records, for a tracer that does not use
 * {@code polytrace.h}: from the records' pid, uid and comm fields, and their cgroup (the recorded
 * {@code cgroup_id}, else the pid's cgroup now and its ancestors). A filter the records have no
 * field for is refused when the run starts.
 */
public final class HostFilter {
    private final ResolvedFilter filter;
    private final ProcessFields fields;
    private final ContainerResolver containers;

    private HostFilter(ResolvedFilter filter, ProcessFields fields, ContainerResolver containers) {
        this.filter = filter;
        this.fields = fields;
        this.containers = containers;
    }

    /**
     * The filter for a stream of {@code layout}'s records.
     *
     * @throws UserError when a given filter has no field to read in these records
     */
    public static HostFilter of(ResolvedFilter filter, RecordLayout layout, String tracer, String stream,
                                ContainerResolver containers) {
        ProcessFields fields = ProcessFields.of(layout);
        String what = tracer + ": events of " + stream + " (" + layout.type().cName() + ") have no ";
        String how = " field, and the tracer does not filter in the kernel (#include \"polytrace.h\")";
        if (filter.pid() != null && !fields.hasPid()) {
            throw new UserError(what + "pid" + how + ": --pid cannot apply");
        }
        if (filter.uid() != null && !fields.hasUid()) {
            throw new UserError(what + "uid" + how + ": --uid cannot apply");
        }
        if (filter.comm() != null && !fields.hasComm()) {
            throw new UserError(what + "comm" + how + ": --comm cannot apply");
        }
        if (filter.byCgroup() && !fields.hasCgroupId() && !fields.hasPid()) {
            throw new UserError(what + "pid or cgroup_id" + how + ": " + (filter.given().container() != null
                    ? "--container" : "--cgroup") + " cannot apply");
        }
        return new HostFilter(filter, fields, containers);
    }

    /** Whether the record passes every filter. */
    public boolean test(ByteBuffer record) {
        if (filter.pid() != null && fields.pid(record) != filter.pid()) {
            return false;
        }
        if (filter.uid() != null && fields.uid(record) != filter.uid()) {
            return false;
        }
        if (filter.comm() != null && !filter.comm().equals(fields.comm(record))) {
            return false;
        }
        return !filter.byCgroup() || inCgroups(record);
    }

    private boolean inCgroups(ByteBuffer record) {
        Set<Long> wanted = filter.cgroupIds();
        long id = fields.cgroupId(record);
        if (id > 0) {
            return wanted.contains(id) || containers.ancestorIds(id).stream().anyMatch(wanted::contains);
        }
        int pid = fields.pid(record);
        return pid > 0 && containers.cgroupIdsOfPid(pid).stream().anyMatch(wanted::contains);
    }
}
