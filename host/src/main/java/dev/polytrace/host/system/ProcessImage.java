package dev.polytrace.host.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jnr.ffi.LastError;
import jnr.ffi.LibraryLoader;
import jnr.ffi.LibraryOption;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;

/**
 * This process's image and descriptors, for a daemon that starts afresh in place: the command it
 * was started with, descriptors kept or closed across {@code execve(2)}, and the exec itself.
 */
public final class ProcessImage {
    private static final int F_GETFD = 1;
    private static final int F_SETFD = 2;
    private static final int FD_CLOEXEC = 1;
    private static final int SOL_SOCKET = 1;
    private static final int SO_ACCEPTCONN = 30;
    private static final int SO_DOMAIN = 39;

    /** The libc calls this needs; errno kept for each. */
    public interface Libc {
        @SaveError
        int fcntl(int fd, int command, int argument);

        @SaveError
        int execve(String path, Pointer argv, Pointer envp);

        @SaveError
        int pipe(@Out int[] fds);

        @SaveError
        long write(int fd, byte[] buffer, long count);

        @SaveError
        int close(int fd);

        @SaveError
        int dup(int fd);

        @SaveError
        int getsockopt(int fd, int level, int name, int[] value, int[] length);
    }

    private static final class Holder {
        static final Libc LIBC = LibraryLoader.create(Libc.class).option(LibraryOption.IgnoreError, true)
                .failImmediately().load("c");
    }

    private ProcessImage() {
    }

    static Libc libc() {
        return Holder.LIBC;
    }

    /** The command line this process was started with: {@code /proc/self/cmdline}, split at its NULs. */
    public static List<String> commandLine() throws IOException {
        byte[] raw = Files.readAllBytes(Path.of("/proc/self/cmdline"));
        List<String> args = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == 0) {
                args.add(new String(raw, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        if (start < raw.length) {
            args.add(new String(raw, start, raw.length - start, StandardCharsets.UTF_8));
        }
        return args;
    }

    /**
     * Marks every descriptor but 0-2 and {@code kept} close-on-exec, and clears the mark on
     * {@code kept}: what an exec then hands over is exactly those.
     */
    public static void keepOnlyAcrossExec(Set<Integer> kept) throws IOException {
        List<Integer> open = new ArrayList<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path fd : fds) {
                open.add(Integer.parseInt(fd.getFileName().toString()));
            }
        }
        for (int fd : open) {
            if (fd <= 2) {
                continue;
            }
            int flags = libc().fcntl(fd, F_GETFD, 0);
            if (flags < 0) {
                continue; // the listing's own descriptor, closed by now
            }
            int wanted = kept.contains(fd) ? flags & ~FD_CLOEXEC : flags | FD_CLOEXEC;
            if (wanted != flags && libc().fcntl(fd, F_SETFD, wanted) < 0) {
                throw new IOException("fcntl(" + fd + ", F_SETFD): " + lastError());
            }
        }
        for (int fd : kept) {
            if (libc().fcntl(fd, F_GETFD, 0) < 0) {
                throw new IOException("descriptor " + fd + " to keep is not open: " + lastError());
            }
        }
    }

    /**
     * A pipe already holding {@code content} and closed for writing: the descriptor to read it
     * from. {@code content} must fit the pipe's buffer (64 KiB on Linux).
     */
    public static int pipeHolding(byte[] content) throws IOException {
        if (content.length > 60 * 1024) {
            throw new IOException("the state to hand over is " + content.length + " bytes, more than a pipe holds");
        }
        int[] fds = new int[2];
        if (libc().pipe(fds) != 0) {
            throw new IOException("pipe: " + lastError());
        }
        try {
            long written = content.length == 0 ? 0 : libc().write(fds[1], content, content.length);
            if (written != content.length) {
                libc().close(fds[0]);
                throw new IOException("write to the hand-over pipe: " + (written < 0 ? lastError() : "short"));
            }
        } finally {
            libc().close(fds[1]);
        }
        return fds[0];
    }

    /** Closes a descriptor this process got by inheritance. */
    public static void close(int fd) {
        libc().close(fd);
    }

    /** {@code dup(2)}: a second descriptor for what {@code fd} refers to. */
    public static int dup(int fd) throws IOException {
        int copy = libc().dup(fd);
        if (copy < 0) {
            throw new IOException("dup(" + fd + "): " + lastError());
        }
        return copy;
    }

    /** The address family of a listening socket ({@code AF_UNIX} 1, {@code AF_INET} 2, {@code AF_INET6} 10). */
    public static int listeningSocketFamily(int fd) throws IOException {
        if (socketOption(fd, SO_ACCEPTCONN) != 1) {
            throw new IOException("descriptor " + fd + " is not a listening socket");
        }
        return socketOption(fd, SO_DOMAIN);
    }

    private static int socketOption(int fd, int name) throws IOException {
        int[] value = new int[1];
        int[] length = {Integer.BYTES};
        if (libc().getsockopt(fd, SOL_SOCKET, name, value, length) != 0) {
            throw new IOException("descriptor " + fd + " is not a socket: " + lastError());
        }
        return value[0];
    }

    /**
     * Replaces this process by {@code executable} run with arguments {@code command} (the first
     * the program's name) and {@code environment}: same PID, the descriptors not marked
     * close-on-exec stay open. Returns only when the exec failed.
     */
    public static IOException exec(String executable, List<String> command, Map<String, String> environment) {
        Runtime runtime = Runtime.getRuntime(libc());
        List<String> env = new ArrayList<>();
        environment.forEach((k, v) -> env.add(k + "=" + v));
        List<Pointer> memory = new ArrayList<>(); // freed when collected: held until the exec returned
        Pointer argv = stringArray(runtime, command, memory);
        Pointer envp = stringArray(runtime, env, memory);
        libc().execve(executable, argv, envp);
        IOException failure = new IOException("execve " + executable + ": " + lastError());
        java.lang.ref.Reference.reachabilityFence(memory);
        return failure;
    }

    /** A NULL-terminated {@code char *[]} of NUL-terminated UTF-8 strings. */
    private static Pointer stringArray(Runtime runtime, List<String> strings, List<Pointer> memory) {
        int slot = runtime.addressSize();
        Pointer array = Memory.allocateDirect(runtime, (long) slot * (strings.size() + 1), true);
        memory.add(array);
        for (int i = 0; i < strings.size(); i++) {
            byte[] bytes = strings.get(i).getBytes(StandardCharsets.UTF_8);
            Pointer text = Memory.allocateDirect(runtime, bytes.length + 1, true);
            text.put(0, bytes, 0, bytes.length);
            memory.add(text);
            array.putPointer((long) i * slot, text);
        }
        return array;
    }

    private static String lastError() {
        int errno = LastError.getLastError(Runtime.getRuntime(libc()));
        return "errno " + errno;
    }
}
