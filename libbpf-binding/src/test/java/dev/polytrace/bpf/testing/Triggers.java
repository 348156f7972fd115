package dev.polytrace.bpf.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import jnr.ffi.LibraryLoader;

/** Makes the kernel do what a test traces: syscalls from this process, loopback packets, CPU work. */
public final class Triggers {
    /** Direct libc calls, so each one is a real syscall or a real call into libc for uprobes. */
    public interface Libc {
        int getppid();

        int getpid();
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

    public static int pid() {
        return (int) ProcessHandle.current().pid();
    }

    /** Sends UDP datagrams to a port on 127.0.0.1 (nobody needs to listen). */
    public static void loopbackPackets(int count) {
        try (DatagramSocket socket = new DatagramSocket()) {
            byte[] payload = "polytrace".getBytes();
            for (int i = 0; i < count; i++) {
                socket.send(new DatagramPacket(payload, payload.length, InetAddress.getLoopbackAddress(), 9));
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
