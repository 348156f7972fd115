package dev.polytrace.bpf;

import dev.polytrace.bpf.internal.LibC;
import dev.polytrace.bpf.internal.Native;
import jnr.ffi.Pointer;

/**
 * An epoll set for a reader: the descriptors it waits on, each with a caller's tag, plus an
 * eventfd that {@link #wake()} signals so another thread can end a wait (used by close).
 * Not thread-safe except {@link #wake()}; the owner serialises waits and closes it once.
 */
final class Epoll {
    /** Tag reported when the wait ended because of {@link #wake()}. */
    static final int WAKE_TAG = -1;

    private final String owner;
    private final int epollFd;
    private final int wakeFd;
    private final int capacity;
    private final Pointer events;
    private final Pointer eventToAdd = Native.allocate(LibC.EPOLL_EVENT_SIZE);
    private final Pointer one = Native.allocate(8);
    private final Pointer wakeOnly = Native.allocate(8); // struct pollfd {int fd; short events, revents;}
    private final Pointer sleepTime = Native.allocate(16); // struct timespec

    private Epoll(String owner, int epollFd, int wakeFd, int capacity) {
        this.owner = owner;
        this.epollFd = epollFd;
        this.wakeFd = wakeFd;
        this.capacity = capacity;
        this.events = Native.allocate((long) capacity * LibC.EPOLL_EVENT_SIZE);
        one.putLong(0, 1);
        wakeOnly.putInt(0, wakeFd);
        wakeOnly.putShort(4, LibC.POLLIN);
    }

    /** An epoll set with room to report {@code capacity} ready descriptors per wait. */
    static Epoll create(String owner, int capacity) {
        LibC libc = Native.libc();
        int epollFd = (int) Native.checkErrno(libc.epoll_create1(LibC.EPOLL_CLOEXEC), "epoll_create1 for " + owner);
        int wakeFd = libc.eventfd(0, LibC.EFD_CLOEXEC | LibC.EFD_NONBLOCK);
        if (wakeFd < 0) {
            int errno = Native.lastErrno();
            Native.closeFd(epollFd);
            throw new BpfException("eventfd for " + owner, errno, null);
        }
        Epoll epoll = new Epoll(owner, epollFd, wakeFd, capacity + 1);
        try {
            epoll.add(wakeFd, WAKE_TAG);
        } catch (RuntimeException e) {
            epoll.close();
            throw e;
        }
        return epoll;
    }

    void add(int fd, int tag) {
        add(fd, tag, LibC.EPOLLIN);
    }

    /** Reported once per signal rather than while readable: for an eventfd nobody reads. */
    void addEdgeTriggered(int fd, int tag) {
        add(fd, tag, LibC.EPOLLIN | LibC.EPOLLET);
    }

    private void add(int fd, int tag, int events) {
        eventToAdd.putInt(0, events);
        eventToAdd.putLong(LibC.EPOLL_EVENT_DATA_OFFSET, tag);
        Native.checkErrno(Native.libc().epoll_ctl(epollFd, LibC.EPOLL_CTL_ADD, fd, eventToAdd),
                "epoll_ctl(ADD, fd " + fd + ") for " + owner);
    }

    /**
     * Waits up to {@code timeoutMillis} (0 = just look) and returns how many descriptors are
     * ready; {@link #readyTag(int)} names them. An interrupted wait (EINTR) counts as nothing ready.
     */
    int await(int timeoutMillis) {
        int n = Native.libc().epoll_wait(epollFd, events, capacity, timeoutMillis);
        if (n < 0) {
            int errno = Native.lastErrno();
            if (errno == Errno.EINTR) {
                return 0;
            }
            throw new BpfException("epoll_wait for " + owner, errno, null);
        }
        return n;
    }

    /**
     * Sleeps {@code nanos} in one system call, or less if {@link #wake()} is called: a pause
     * between two reads costs one {@code ppoll} here where a parked Java thread costs two futex calls.
     */
    void sleep(long nanos) {
        sleepTime.putLong(0, nanos / 1_000_000_000L);
        sleepTime.putLong(8, nanos % 1_000_000_000L);
        if (Native.libc().ppoll(wakeOnly, 1, sleepTime, null) < 0) {
            int errno = Native.lastErrno();
            if (errno != Errno.EINTR) {
                throw new BpfException("ppoll for " + owner, errno, null);
            }
        }
    }

    int readyTag(int index) {
        return (int) events.getLong((long) index * LibC.EPOLL_EVENT_SIZE + LibC.EPOLL_EVENT_DATA_OFFSET);
    }

    /** Makes the current or next {@link #await} return at once; safe from any thread while open. */
    void wake() {
        // EAGAIN only when the counter is saturated, which still leaves it readable: nothing to do.
        Native.libc().write(wakeFd, one, 8);
    }

    void close() {
        Native.closeFd(wakeFd);
        Native.closeFd(epollFd);
    }
}
