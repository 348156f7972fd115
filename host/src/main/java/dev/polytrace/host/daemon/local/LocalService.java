package dev.polytrace.host.daemon.local;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's Unix socket, where {@code polytrace run} and {@code inspect} hand their command
 * line over instead of starting a JVM. Only root and the service's own user may connect: the
 * socket is 0600 in a directory the service keeps at 0700, and each peer's credentials
 * (SO_PEERCRED) are checked again on accept. Closing it stops every client's command as Ctrl-C
 * would, waits for them to detach, and removes the socket file.
 */
public final class LocalService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("polytrace.local");
    /** How long closing waits for the clients' commands to detach and print what they print at the end. */
    private static final long DRAIN_SECONDS = 10;

    private final Path path;
    private final ServerSocketChannel server;
    private final LocalCommands commands;
    private final Runnable afterEachCall;
    private final Set<LocalConnection> connections = ConcurrentHashMap.newKeySet();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private final Selector selector;
    // Accepting pauses (for a renewal) with the socket open: clients that come meanwhile wait in
    // the kernel's queue. The acceptor says when it has stopped, so nothing is accepted after.
    private final Object gate = new Object();
    private boolean paused;
    private boolean parked;

    private LocalService(Path path, ServerSocketChannel server, LocalCommands commands, Runnable afterEachCall)
            throws IOException {
        this.path = path;
        this.server = server;
        this.commands = commands;
        this.afterEachCall = afterEachCall;
        this.selector = Selector.open();
        server.configureBlocking(false);
        server.register(selector, SelectionKey.OP_ACCEPT);
        this.acceptor = Thread.ofPlatform().daemon().name("polytrace-local-accept").unstarted(this::accept);
    }

    /**
     * Listens on {@code path}, creating its directory (0700) when missing. A socket file left by a
     * service that is gone is replaced; one that answers is another service's.
     *
     * {@code afterEachCall} runs when a client's command has ended (the daemon gives back its memory).
     *
     * @throws IllegalStateException when another service answers there, or the path is not a socket
     */
    public static LocalService start(Path path, LocalCommands commands, Runnable afterEachCall) throws IOException {
        Path socket = path.toAbsolutePath();
        prepareDirectory(socket.getParent());
        removeStale(socket);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(socket));
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        return started(socket, server, commands, afterEachCall);
    }

    /**
     * Serves on {@code inherited}, the socket a renewed daemon took over, listening on
     * {@code path}; refused (and closed) when it listens elsewhere or its file is gone.
     */
    public static LocalService adopt(Path path, ServerSocketChannel inherited, LocalCommands commands,
                                     Runnable afterEachCall) throws IOException {
        Path socket = path.toAbsolutePath();
        try {
            Path bound = ((UnixDomainSocketAddress) inherited.getLocalAddress()).getPath().toAbsolutePath();
            if (!bound.equals(socket) || !Files.exists(socket, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                throw new IllegalStateException("the inherited socket listens on " + bound + ", not on " + socket);
            }
        } catch (IOException | RuntimeException e) {
            inherited.close();
            throw e;
        }
        return started(socket, inherited, commands, afterEachCall);
    }

    private static LocalService started(Path socket, ServerSocketChannel server, LocalCommands commands,
                                        Runnable afterEachCall) throws IOException {
        LocalService service;
        try {
            service = new LocalService(socket, server, commands, afterEachCall);
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        service.acceptor.start();
        return service;
    }

    /** The listening socket, for a renewal to hand over. */
    public ServerSocketChannel listeningChannel() {
        return server;
    }

    /** A client's command is under way. */
    public boolean hasClients() {
        return !connections.isEmpty();
    }

    /** Stops accepting, the socket left open; true once the acceptor stopped within {@code wait}. */
    public boolean pauseAccepting(java.time.Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        synchronized (gate) {
            paused = true;
            selector.wakeup();
            while (!parked && acceptor.isAlive()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(gate, left);
            }
            return true;
        }
    }

    public void resumeAccepting() {
        synchronized (gate) {
            paused = false;
            gate.notifyAll();
        }
    }

    public Path path() {
        return path;
    }

    private void accept() {
        try {
            acceptWhileOpen();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(selector);
        }
    }

    private void acceptWhileOpen() throws InterruptedException {
        while (server.isOpen()) {
            synchronized (gate) {
                while (paused && server.isOpen()) {
                    parked = true;
                    gate.notifyAll();
                    gate.wait();
                }
                parked = false;
            }
            SocketChannel channel;
            try {
                selector.select();
                selector.selectedKeys().clear();
                channel = server.isOpen() ? server.accept() : null;
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                LOG.warn("local socket: accept failed: {}", e.getMessage());
                continue;
            }
            if (channel == null) {
                continue; // woken to pause or close, or another wake-up without a client
            }
            if (!trusted(channel)) {
                closeQuietly(channel);
                continue;
            }
            LocalConnection connection = new LocalConnection(channel, commands);
            connections.add(connection);
            Thread thread = Thread.ofPlatform().name("polytrace-local-client").unstarted(() -> {
                try {
                    connection.run();
                } finally {
                    connections.remove(connection);
                    threads.remove(Thread.currentThread());
                    afterEachCall.run();
                }
            });
            threads.add(thread);
            thread.start();
        }
    }

    /** Root, or the user the service runs as; the socket's mode already keeps others out. */
    private static boolean trusted(SocketChannel channel) {
        try {
            UnixDomainPrincipal peer = channel.getOption(ExtendedSocketOptions.SO_PEERCRED);
            String user = peer.user().getName();
            if (user.equals("root") || user.equals(System.getProperty("user.name"))) {
                return true;
            }
            LOG.warn("local socket: refused a connection from user {}", user);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.warn("local socket: refused a connection whose peer cannot be told: {}", e.getMessage());
        }
        return false;
    }

    /** Creates the socket's directory 0700; an existing one others may write to is refused, unless sticky (/tmp). */
    private static void prepareDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            return;
        }
        int mode = (Integer) Files.getAttribute(dir, "unix:mode");
        boolean othersMayWrite = (mode & 0022) != 0;
        boolean sticky = (mode & 01000) != 0;
        if (othersMayWrite && !sticky) {
            throw new IllegalStateException(dir + " may be written by other users: give --socket a path in a "
                    + "directory only root can change");
        }
    }

    private static void removeStale(Path socket) throws IOException {
        if (!Files.exists(socket, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        boolean isSocket = ((Integer) Files.getAttribute(socket, "unix:mode", java.nio.file.LinkOption.NOFOLLOW_LINKS)
                & 0170000) == 0140000;
        if (!isSocket) {
            throw new IllegalStateException(socket + " exists and is not a socket");
        }
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            throw new IllegalStateException("another polytrace service answers on " + socket);
        } catch (IOException e) {
            Files.deleteIfExists(socket); // nobody listens: a crashed service's
        }
    }

    @Override
    public void close() {
        closeQuietly(server);
        selector.wakeup();
        resumeAccepting();
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.warn("cannot remove {}: {}", path, e.getMessage());
        }
        connections.forEach(LocalConnection::requestStop);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DRAIN_SECONDS);
        for (Thread t : threads) {
            try {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing what failed
        }
    }
}
