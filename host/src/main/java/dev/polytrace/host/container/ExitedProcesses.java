package dev.polytrace.host.container;

import dev.polytrace.bpf.BpfLink;
import dev.polytrace.bpf.BpfMap;
import dev.polytrace.bpf.BpfObject;
import dev.polytrace.bpf.OpenBpfObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The cgroup each process exited in, as the kernel recorded it at the exit (a program on the
 * {@code sched_process_exit} tracepoint writing the cgroup id by pid into an LRU map): the
 * container of an event whose process is gone by the time the event is read (exitsnoop's events,
 * short-lived execs), which {@code /proc/PID} can no longer tell. One program per host process,
 * loaded while anything holds it ({@link #hold()}: a tracer session whose events name processes by
 * pid alone, {@code serve} for its life) and detached when the last lets go.
 * Where it cannot load, sessions run as before and such processes' containers read unknown.
 */
public final class ExitedProcesses {
    private static final String OBJECT = "/bpf/exit_cgroups.bpf.o";
    private static final Object LOCK = new Object();
    private static int holders;
    private static BpfObject object; // while held, if it loaded
    private static List<BpfLink> links = List.of();
    private static volatile BpfMap exits;

    /** A holder's claim on the recorder; closing it twice lets go once. */
    public interface Hold extends AutoCloseable {
        @Override
        void close();
    }

    private ExitedProcesses() {
    }

    /** Keeps the recorder running until the returned hold is closed (loading it for the first holder). */
    public static Hold hold() {
        synchronized (LOCK) {
            if (holders++ == 0) {
                load();
            }
        }
        AtomicBoolean released = new AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                release();
            }
        };
    }

    /** Whether the recorder is loaded and attached now. */
    public static boolean isRecording() {
        return exits != null;
    }

    /** The id of the cgroup process {@code pid} exited in, as recorded; 0 when there is none. */
    static long cgroupIdOf(int pid) {
        BpfMap map = exits;
        if (map == null || pid <= 0) {
            return 0;
        }
        byte[] key = ByteBuffer.allocate(Integer.BYTES).order(ByteOrder.nativeOrder()).putInt(pid).array();
        try {
            return map.lookup(key).map(v -> ByteBuffer.wrap(v).order(ByteOrder.nativeOrder()).getLong()).orElse(0L);
        } catch (RuntimeException e) {
            return 0; // let go meanwhile
        }
    }

    private static void load() {
        BpfObject loaded = null;
        try {
            loaded = OpenBpfObject.open(objectBytes(), "polytrace_exits").load();
            links = loaded.attachAll();
            object = loaded;
            exits = loaded.map("exited_cgroups");
        } catch (RuntimeException e) {
            // No BTF, no permission, no such tracepoint: gone processes keep reading unknown.
            if (loaded != null) {
                loaded.close();
            }
            links = List.of();
        }
    }

    private static void release() {
        synchronized (LOCK) {
            if (--holders > 0 || object == null) {
                return;
            }
            exits = null;
            links.forEach(BpfLink::close);
            links = List.of();
            object.close();
            object = null;
        }
    }

    private static byte[] objectBytes() {
        try (InputStream in = ExitedProcesses.class.getResourceAsStream(OBJECT)) {
            if (in == null) {
                throw new IllegalStateException(OBJECT + " is not in the host's jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
