package dev.polytrace.bpf.internal;

import jnr.ffi.Pointer;
import jnr.ffi.annotations.SaveError;

/**
 * The few libc calls the binding needs: mmap for rings, epoll for readers, perf_event_open, fds.
 * errno is kept only for the methods marked {@code @SaveError}, as in {@link LibBpf}.
 */
public interface LibC {
    long SYS_PERF_EVENT_OPEN = 298; // x86-64
    int PROT_READ = 1;
    int PROT_WRITE = 2;
    int MAP_SHARED = 1;
    int MAP_PRIVATE = 2;
    int MAP_ANONYMOUS = 0x20;
    int O_RDONLY = 0;
    int O_DIRECTORY = 0x10000;
    int O_CLOEXEC = 0x80000;
    int EPOLL_CLOEXEC = 0x80000;
    int EPOLL_CTL_ADD = 1;
    int EPOLL_CTL_DEL = 2;
    int EPOLLIN = 1;
    int EPOLLET = 1 << 31;
    short POLLIN = 1;
    int EFD_CLOEXEC = 0x80000;
    int EFD_NONBLOCK = 0x800;
    int SC_PAGESIZE = 30;
    /** _IO('$', 0) and _IO('$', 1): start and stop a perf event. */
    long PERF_EVENT_IOC_ENABLE = 0x2400;
    long PERF_EVENT_IOC_DISABLE = 0x2401;
    /** struct epoll_event is packed on x86-64 (u32 events, u64 data), naturally aligned elsewhere. */
    int EPOLL_EVENT_SIZE = "amd64".equals(System.getProperty("os.arch")) ? 12 : 16;
    int EPOLL_EVENT_DATA_OFFSET = EPOLL_EVENT_SIZE == 12 ? 4 : 8;

    @SaveError
    Pointer mmap(Pointer address, long length, int protection, int flags, int fd, long offset);

    @SaveError
    int munmap(Pointer address, long length);

    @SaveError
    int epoll_create1(int flags);

    @SaveError
    int epoll_ctl(int epfd, int op, int fd, Pointer event);

    @SaveError
    int epoll_wait(int epfd, Pointer events, int maxEvents, int timeoutMillis);

    @SaveError
    int eventfd(int initialValue, int flags);

    /** ppoll(2): {@code fds} is an array of struct pollfd, {@code timeout} a struct timespec. */
    @SaveError
    int ppoll(Pointer fds, long count, Pointer timeout, Pointer signalMask);

    @SaveError
    long write(int fd, Pointer buffer, long count);

    @SaveError
    long read(int fd, Pointer buffer, long count);

    @SaveError
    long read(int fd, byte[] buffer, long count);

    @SaveError
    int open(String path, int flags);

    @SaveError
    int close(int fd);

    @SaveError
    int ioctl(int fd, long request, long argument);

    @SaveError
    long syscall(long number, Pointer attr, int pid, int cpu, int groupFd, long flags);

    int if_nametoindex(String name);

    int geteuid();

    long sysconf(int name);

    int vsnprintf(Pointer buffer, long size, Pointer format, Pointer vaList);

    int getpid();

    /** which: PRIO_PROCESS (0), who: a thread id, which Linux takes per thread. */
    @SaveError
    int setpriority(int which, int who, int prio);
}
