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
