package dev.polytrace.host.session;

import dev.polytrace.bpf.BpfObject;
import dev.polytrace.bpf.OpenBpfObject;
import dev.polytrace.host.container.ContainerResolver;
import dev.polytrace.host.filter.FilterPlacement;
import dev.polytrace.host.filter.HostFilter;
import dev.polytrace.host.filter.KernelFilter;
import dev.polytrace.host.filter.ProcessFilter;
import dev.polytrace.host.filter.ResolvedFilter;
import dev.polytrace.host.input.UserError;
import dev.polytrace.host.pkg.TracerPackage;
import dev.polytrace.script.codec.RecordLayout;

/**
 * A session's {@link ProcessFilter}: resolved when the run starts, then set in the kernel
 * (globals before the load, the cgroup set before the attach) when the tracer uses
 * {@code polytrace.h}, else applied by each stream's reader before the sink.
 */
final class RunFilter {
    private final TracerPackage pkg;
    private final ResolvedFilter resolved;
    private volatile FilterPlacement placement = FilterPlacement.HOST;

    private RunFilter(TracerPackage pkg, ResolvedFilter resolved) {
        this.pkg = pkg;
        this.resolved = resolved;
    }

    static RunFilter resolve(TracerPackage pkg, ProcessFilter filter) {
        return new RunFilter(pkg, ResolvedFilter.of(filter, ContainerResolver.system()));
    }

    FilterPlacement placement() {
        return placement;
    }

    void beforeLoad(OpenBpfObject open) {
        placement = FilterPlacement.of(open);
        if (!resolved.isEmpty() && placement == FilterPlacement.HOST && pkg.outputs().events().isEmpty()) {
            throw new UserError(pkg.name() + ": " + resolved.given().describe() + " cannot apply: the tracer does "
                    + "not filter in the kernel (#include \"polytrace.h\") and has no event stream to filter in the host");
        }
        if (placement == FilterPlacement.KERNEL && !resolved.isEmpty()) {
            KernelFilter.configure(open, resolved);
        }
    }

    void afterLoad(BpfObject object) {
        if (placement == FilterPlacement.KERNEL && !resolved.isEmpty()) {
            KernelFilter.fill(object, resolved);
        }
    }

    /** The host's filter for one stream; null when the kernel filters or nothing is filtered. */
    HostFilter forStream(String tracer, String stream, RecordLayout layout) {
        if (placement == FilterPlacement.KERNEL || resolved.isEmpty()) {
            return null;
        }
        return HostFilter.of(resolved, layout, tracer, stream, ContainerResolver.system());
    }
}
