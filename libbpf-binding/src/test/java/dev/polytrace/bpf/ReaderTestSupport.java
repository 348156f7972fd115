package dev.polytrace.bpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/** What the ring and perf reader tests share: the event layout, thread identity, waiting on conditions. */
final class ReaderTestSupport {
    /** Syscall numbers (x86-64) a thread blocked in epoll shows in /proc/.../syscall. */
    private static final Set<String> EPOLL_WAIT_SYSCALLS = Set.of("232", "281", "441");
    /** ... and one in a ring reader's pause between two reads (ppoll). */
    private static final Set<String> PPOLL_SYSCALLS = Set.of("271");

    private ReaderTestSupport() {
    }

    /** kernel_basics.bpf.c's {@code struct event {u64 seq; u32 pid; u32 value; char comm[16];}}. */
    record Event(long seq, int pid, int value, String comm) {
        static final int SIZE = 32;

        static Event decode(ByteBuffer b) {
            assertEquals(ByteOrder.LITTLE_ENDIAN, b.order());
            assertEquals(0, b.position());
            byte[] comm = new byte[16];
            b.get(16, comm);
            int end = 0;
            while (end < comm.length && comm[end] != 0) {
                end++;
            }
            return new Event(b.getLong(0), b.getInt(8), b.getInt(12), new String(comm, 0, end, StandardCharsets.UTF_8));
        }
    }

    /** kernel_basics with on_getppid loaded and attached: every getppid() of this process emits one event. */
    static BpfObject loadAttached() {
        BpfObject object = KernelFixture.load("on_getppid");
        try {
            object.attachAll(); // the links close with the object
            return object;
        } catch (RuntimeException e) {
            object.close();
            throw e;
        }
    }

    /** The kernel's name of the calling thread, what bpf_get_current_comm() reports for it. */
    static String threadComm() {
        return read(Path.of("/proc/thread-self/comm")).strip();
    }

    /** The calling thread's kernel id. */
    static int threadId() {
        try {
            return Integer.parseInt(Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until thread {@code tid} of this process sleeps in an epoll wait. */
    static void awaitBlockedInEpoll(int tid) {
        awaitInSyscall(tid, "blocked in epoll_wait", EPOLL_WAIT_SYSCALLS);
    }

    /** Waits until thread {@code tid} of this process sleeps in a ring reader's pause. */
    static void awaitPausing(int tid) {
        awaitInSyscall(tid, "pausing in ppoll", PPOLL_SYSCALLS);
    }

    private static void awaitInSyscall(int tid, String what, Set<String> syscalls) {
        Path syscall = Path.of("/proc/self/task/" + tid + "/syscall");
        awaitCondition("thread " + tid + " " + what, () -> syscalls.contains(read(syscall).split(" ")[0].strip()));
    }

    static void awaitCondition(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for: " + what);
            }
            try {
                Thread.sleep(1); // re-check interval only: the condition decides, not the time
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted waiting for: " + what);
            }
        }
    }

    /** Lines of this process's fds and mappings a reader creates; compare before and after. */
    static List<String> readerFootprint() {
        List<String> lines;
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            lines = new java.util.ArrayList<>(fds.map(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString();
                } catch (IOException e) {
                    return "";
                }
            }).filter(t -> t.contains("eventpoll") || t.contains("eventfd")).map(t -> "fd " + t).toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        read(Path.of("/proc/self/maps")).lines()
                .filter(l -> l.contains("bpf") || l.contains("perf_event"))
                .forEach(l -> lines.add("mapping " + l.substring(l.indexOf(' ') + 1)));
        return lines;
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
