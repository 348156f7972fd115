package dev.polytrace.bpf.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import jnr.ffi.LastError;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.SaveError;

/** Makes the kernel do what a test traces: syscalls from this process, loopback packets, CPU work. */
public final class Triggers {
    /** Direct libc calls, so each one is a real syscall or a real call into libc for uprobes. */
    public interface Libc {
        int getppid();

        int getpid();

        int usleep(int microseconds);

        @SaveError
        int sched_setaffinity(int pid, long cpusetsize, long[] mask);

        @SaveError
        int sched_getaffinity(int pid, long cpusetsize, long[] mask);
    }

    private static final Libc LIBC = LibraryLoader.create(Libc.class).load("c");

    private Triggers() {
    }

    public static Libc libc() {
        return LIBC;
    }

    public static void getppid(int times) {
        for (int i = 0; i < times; i++) {
            LIBC.getppid();
        }
    }

    /**
     * Runs {@code work} on the calling thread pinned to {@code cpu}, then restores the thread's
     * CPU set: whatever the work triggers in a per-CPU buffer lands in that CPU's.
     */
    public static void onCpu(int cpu, Runnable work) {
        long[] before = new long[16]; // 1,024 CPUs
        check(LIBC.sched_getaffinity(0, before.length * 8L, before), "sched_getaffinity");
        long[] only = new long[before.length];
        only[cpu / 64] = 1L << (cpu % 64);
        check(LIBC.sched_setaffinity(0, only.length * 8L, only), "sched_setaffinity(" + cpu + ")");
        try {
            work.run();
        } finally {
            check(LIBC.sched_setaffinity(0, before.length * 8L, before), "sched_setaffinity (restore)");
        }
    }

    private static void check(int rc, String call) {
        if (rc != 0) {
            throw new IllegalStateException(call + " failed: errno " + LastError.getLastError(Runtime.getRuntime(LIBC)));
        }
    }

    /** Sleeps through clock_nanosleep {@code times} times (the kernel's do_nanosleep), 100 µs each. */
    public static void nanosleeps(int times) {
        for (int i = 0; i < times; i++) {
            LIBC.usleep(100);
        }
    }

    public static int pid() {
        return (int) ProcessHandle.current().pid();
    }

    /**
     * Sends UDP datagrams over loopback to a socket of ours that receives them: cgroup ingress
     * programs run only for packets delivered to a socket.
     */
    public static void loopbackPackets(int count) {
        try (DatagramSocket receiver = new DatagramSocket(0, InetAddress.getLoopbackAddress());
                DatagramSocket sender = new DatagramSocket()) {
            receiver.setSoTimeout(2000);
            byte[] payload = "polytrace".getBytes();
            for (int i = 0; i < count; i++) {
                sender.send(new DatagramPacket(payload, payload.length, InetAddress.getLoopbackAddress(),
                        receiver.getLocalPort()));
                receiver.receive(new DatagramPacket(new byte[64], 64));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Keeps one CPU busy for about {@code millis} ms. */
    public static long burnCpu(long millis) {
        long end = System.nanoTime() + millis * 1_000_000;
        long x = 0;
        while (System.nanoTime() < end) {
            x += x * 31 + 7;
        }
        return x;
    }
}
