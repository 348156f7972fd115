package dev.polytrace.bpf;

import java.util.Map;

/** Symbolic names and short descriptions of the errno values BPF calls commonly return. */
public final class Errno {
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int ESRCH = 3;
    public static final int EINTR = 4;
    public static final int EIO = 5;
    public static final int E2BIG = 7;
    public static final int ENOEXEC = 8;
    public static final int EBADF = 9;
    public static final int EAGAIN = 11;
    public static final int ENOMEM = 12;
    public static final int EACCES = 13;
    public static final int EFAULT = 14;
    public static final int EBUSY = 16;
    public static final int EEXIST = 17;
    public static final int ENODEV = 19;
    public static final int EINVAL = 22;
    public static final int ENOSPC = 28;
    public static final int ERANGE = 34;
    public static final int ENOSYS = 38;
    public static final int ENODATA = 61;
    public static final int EPROTO = 71;
    public static final int EOPNOTSUPP = 95;
    public static final int ENOTSUPP = 524;

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(EPERM, "EPERM (operation not permitted)"),
            Map.entry(ENOENT, "ENOENT (no such file or entry)"),
            Map.entry(ESRCH, "ESRCH (no such process)"),
            Map.entry(EINTR, "EINTR (interrupted)"),
            Map.entry(EIO, "EIO (I/O error)"),
            Map.entry(E2BIG, "E2BIG (argument list too long)"),
            Map.entry(ENOEXEC, "ENOEXEC (exec format error)"),
            Map.entry(EBADF, "EBADF (bad file descriptor)"),
            Map.entry(EAGAIN, "EAGAIN (try again)"),
            Map.entry(ENOMEM, "ENOMEM (out of memory)"),
            Map.entry(EACCES, "EACCES (permission denied)"),
            Map.entry(EFAULT, "EFAULT (bad address)"),
            Map.entry(EBUSY, "EBUSY (device or resource busy)"),
            Map.entry(EEXIST, "EEXIST (already exists)"),
            Map.entry(ENODEV, "ENODEV (no such device)"),
            Map.entry(EINVAL, "EINVAL (invalid argument)"),
            Map.entry(ENOSPC, "ENOSPC (no space left)"),
            Map.entry(ERANGE, "ERANGE (out of range)"),
            Map.entry(ENOSYS, "ENOSYS (function not implemented)"),
            Map.entry(ENODATA, "ENODATA (no data)"),
            Map.entry(EPROTO, "EPROTO (protocol error)"),
            Map.entry(EOPNOTSUPP, "EOPNOTSUPP (operation not supported)"),
            Map.entry(ENOTSUPP, "ENOTSUPP (operation not supported by the kernel)"));

    private Errno() {
    }

    public static String describe(int errno) {
        String name = NAMES.get(errno);
        return name != null ? name : "errno " + errno;
    }
}
