package dev.polytrace.host.container;

import java.nio.ByteBuffer;

/**
 * One reader thread's memory of the container it resolved last. A ring buffer's records come in
 * runs from one process, and asking the resolver for each (caches keyed by boxed ids, and the
 * clock read twice) took a reader without a handler about 40 % of its throughput (bench/README.md,
 * the handlers suite). An answer is kept as long as the resolver keeps a process's: {@link
 * ContainerResolver#PID_NANOS}, the clock read once every {@value #CLOCK_EVERY} records of one
 * process. Not thread-safe: one per reader.
 */
public final class ContainerMemo {
    static final int CLOCK_EVERY = 64;

    private final ContainerResolver resolver;
    private long lastKey; // the recorded cgroup id (> 0), else minus the pid (< 0); 0: none yet
    private ContainerInfo last;
    private long validUntil;
    private int recordsToClock;

    public ContainerMemo(ContainerResolver resolver) {
        this.resolver = resolver;
    }

    /** The container of a record of {@code process}'s layout, as {@link ProcessFields#container} answers. */
    public ContainerInfo of(ProcessFields process, ByteBuffer record) {
        long cgroupId = process.cgroupId(record);
        int pid = cgroupId > 0 ? 0 : process.pid(record);
        if (cgroupId <= 0 && pid <= 0) {
            return process.container(record, resolver); // a host process (pid 0) or none: no lookup
        }
        long key = cgroupId > 0 ? cgroupId : -pid;
        if (key == lastKey) {
            if (--recordsToClock > 0) {
                return last;
            }
            recordsToClock = CLOCK_EVERY;
            if (resolver.now() < validUntil) {
                return last;
            }
        }
        last = process.container(record, resolver);
        lastKey = key;
        validUntil = resolver.now() + ContainerResolver.PID_NANOS;
        recordsToClock = CLOCK_EVERY;
        return last;
    }
}
