package dev.polytrace.host.system;

import java.util.Optional;
import java.util.OptionalInt;
import jnr.ffi.LibraryLoader;

/**
 * Background work that must not take the CPUs from work someone waits for: Linux keeps a nice value
 * per thread ({@code setpriority(PRIO_PROCESS, tid)} changes one thread only), which Java's thread
 * priorities do not reach without a JVM flag that would change every thread's.
 */
public final class ThreadNice {
    /** The weakest nice: such a thread gets about 1.5 % of a CPU another thread wants. */
    public static final int BACKGROUND = 19;
    /** What threads start with. */
    public static final int NORMAL = 0;
    private static final int PRIO_PROCESS = 0;

    /** The two libc calls, bound on first use. */
    public interface Calls {
        int gettid();

        int setpriority(int which, int who, int prio);
    }

    private static final class Holder {
        static final Optional<Calls> CALLS = bind();

        private static Optional<Calls> bind() {
            try {
                return Optional.of(LibraryLoader.create(Calls.class).failImmediately().load("c"));
            } catch (RuntimeException | LinkageError e) {
                return Optional.empty(); // no such libc: threads keep their priority
            }
        }
    }

    private ThreadNice() {
    }

    /** The calling thread's id for {@link #set}; empty where it cannot be had. */
    public static OptionalInt currentThreadId() {
        if (Holder.CALLS.isEmpty()) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Holder.CALLS.get().gettid());
        } catch (RuntimeException e) {
            return OptionalInt.empty();
        }
    }

    /**
     * Sets the nice value of thread {@code tid} of this process; false when the system would not
     * (raising a priority takes root or CAP_SYS_NICE), and the thread runs on as it was.
     */
    public static boolean set(int tid, int nice) {
        try {
            return Holder.CALLS.isPresent() && Holder.CALLS.get().setpriority(PRIO_PROCESS, tid, nice) == 0;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
