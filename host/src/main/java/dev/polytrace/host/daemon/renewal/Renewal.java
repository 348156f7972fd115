package dev.polytrace.host.daemon.renewal;

import dev.polytrace.host.daemon.Daemon;
import dev.polytrace.host.daemon.http.DaemonConnector;
import dev.polytrace.host.daemon.local.LocalService;
import dev.polytrace.host.script.SandboxFactory;
import dev.polytrace.host.system.ProcessImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon starts afresh in place when it has been idle with a handler language loaded: the
 * JVM keeps a language's classes, symbols and compiled code (~100 MB for JS and Python) for its
 * whole life, whatever is closed, since the Graal compiler pins Truffle's runtime. A renewal is
 * an {@code execve(2)} of the same command line: the same PID, the listening sockets handed over
 * open (connections made meanwhile wait in the kernel's queue and are served by the new JVM),
 * share links and console sessions handed over ({@link Handover}), the state directory as it is.
 *
 * <p>It goes ahead only when nothing runs: no tracer, no local client, no HTTP request under way
 * nor begun for the idle time, and no connection that carried a byte in the last second once
 * accepting has paused. The next deploy of a handler then pays its language's start again.
 */
public final class Renewal implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("polytrace.daemon");
    private static final Duration TICK = Duration.ofSeconds(1);
    private static final Duration PAUSE_WAIT = Duration.ofSeconds(2);
    private static final Duration SETTLE_WAIT = Duration.ofSeconds(3);
    /** A connection silent this long with no request under way has nothing in flight. */
    private static final Duration CONNECTION_QUIET = Duration.ofSeconds(1);

    private final Daemon daemon;
    private final LocalService local;
    private final int generation;
    private final IdleTimer timer;
    private final Thread thread;
    private volatile boolean closed;

    private Renewal(Duration idle, Daemon daemon, LocalService local, int generation) {
        this.daemon = daemon;
        this.local = local;
        this.generation = generation;
        this.timer = new IdleTimer(idle, System::nanoTime, daemon.connector().requestsBegun());
        this.thread = Thread.ofPlatform().daemon().name("polytrace-renewal").unstarted(this::watch);
    }

    /**
     * Why this JVM cannot renew itself, or empty when it can: it must be a {@code serve} started
     * from a command line (not a daemon embedded in another program) with the sockets' hand-over
     * open to it.
     */
    public static Optional<String> unavailability() {
        String command = System.getProperty("sun.java.command", "");
        if (!command.matches("dev\\.polytrace\\.host\\.cli\\.Main serve( .*)?")) {
            return Optional.of("this JVM was not started as polytrace serve");
        }
        return ListeningSockets.unavailability();
    }

    /**
     * Watches the daemon, renewing it after {@code idle} without activity.
     *
     * @param generation the renewals before this one (0 for a daemon a user started)
     */
    public static Renewal watch(Duration idle, Daemon daemon, LocalService local, int generation) {
        Renewal renewal = new Renewal(idle, daemon, local, generation);
        renewal.thread.start();
        return renewal;
    }

    private void watch() {
        while (!closed) {
            try {
                Thread.sleep(TICK);
                DaemonConnector http = daemon.connector();
                if (timer.due(busy(), http.requestsBegun(), SandboxFactory.shared().hasBuiltAnEngine())
                        && !closed && !renew()) {
                    timer.restart();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.error("renewal: {}; the daemon goes on without renewing", e.toString());
                return;
            }
        }
    }

    private boolean busy() {
        return !daemon.tracers().list().isEmpty() || (local != null && local.hasClients());
    }

    /** Pauses accepting, renews when all is quiet; false (accepting again) when something came. */
    private boolean renew() throws InterruptedException {
        DaemonConnector http = daemon.connector();
        http.setAccepting(false);
        boolean localPaused = local == null || local.pauseAccepting(PAUSE_WAIT);
        try {
            if (!localPaused || !settled(http)) {
                return false;
            }
            IOException failure = exec(http);
            // Only a failed exec returns: the daemon goes on as it was, and does not try again.
            if (!closed) {
                LOG.error("renewal failed, the daemon goes on as it is and will not renew: {}", failure.getMessage());
            }
            closed = true;
            return false;
        } finally {
            http.setAccepting(true);
            if (local != null) {
                local.resumeAccepting();
            }
        }
    }

    /** Nothing under way once accepting paused; waits a little for connections to fall quiet. */
    private boolean settled(DaemonConnector http) throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (busy()) {
                return false;
            }
            if (http.isQuiet(CONNECTION_QUIET)) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    private IOException exec(DaemonConnector http) {
        int state = -1;
        try {
            long residentKb = residentKb();
            Handover handover = Handover.of(generation + 1, daemon.shareLinks().key(),
                    daemon.consoleSessions().live(), residentKb);
            Map<String, Integer> fds = new LinkedHashMap<>();
            fds.put("http", ListeningSockets.descriptorOf(http.listeningChannel()));
            if (local != null) {
                fds.put("local", ListeningSockets.descriptorOf(local.listeningChannel()));
            }
            state = ProcessImage.pipeHolding(handover.toBytes());
            fds.put("state", state);
            List<String> command = ProcessImage.commandLine();
            Map<String, String> environment = new HashMap<>(System.getenv());
            environment.put(Inheritance.VARIABLE, Inheritance.format(fds));
            ProcessImage.keepOnlyAcrossExec(Set.copyOf(fds.values()));
            LOG.info("renewing in place to give back the handler languages' memory: idle, {} MB resident",
                    residentKb / 1024);
            System.out.flush();
            System.err.flush();
            String executable = ProcessHandle.current().info().command().orElse(command.get(0));
            synchronized (this) { // never once the daemon is stopping: SIGTERM must end it
                if (closed) {
                    throw new IOException("the daemon is stopping");
                }
                return ProcessImage.exec(executable, command, environment);
            }
        } catch (IOException | RuntimeException e) {
            if (state >= 0) {
                ProcessImage.close(state);
            }
            return e instanceof IOException io ? io : new IOException(e.toString(), e);
        }
    }

    /** VmRSS of this process, in KiB; 0 when /proc does not tell. */
    public static long residentKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // unknown
        }
        return 0;
    }

    /** No renewal from now on; waits for one already past its last check, which then does not exec. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        thread.interrupt();
    }
}
