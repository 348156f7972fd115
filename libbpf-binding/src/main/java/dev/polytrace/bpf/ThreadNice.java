package dev.polytrace.bpf;

import dev.polytrace.bpf.internal.Native;

/**
 * The nice value of one thread of this process. Linux keeps it per thread (setpriority with
 * PRIO_PROCESS and a thread id), which Java's own thread priorities do not reach.
 */
public final class ThreadNice {
    private static final int PRIO_PROCESS = 0;

    private ThreadNice() {
    }

    /**
     * Sets thread {@code tid}'s nice value.
     *
     * @throws BpfException with the errno (ESRCH: the thread is gone; EACCES or EPERM: raising
     *                      priority needs CAP_SYS_NICE)
     */
    public static void set(int tid, int nice) {
        Native.checkErrno(Native.libc().setpriority(PRIO_PROCESS, tid, nice), "setpriority of thread " + tid);
    }
}
