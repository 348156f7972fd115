package dev.polytrace.host.daemon.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * One command line a local client handed to the service, as the command sees it: the client's
 * arguments, working directory and output charset, its stdout, stderr and stdin, and its stop
 * requests (Ctrl-C, SIGTERM, or the client going away).
 */
public final class LocalCall {
    private final List<String> args;
    private final Path workingDir;
    private final Charset charset;
    private final OutputStream stdout;
    private final OutputStream stderr;
    private final InputStream stdin;
    private CountDownLatch stopLatch;
    private boolean stopRequested;

    LocalCall(List<String> args, Path workingDir, Charset charset, OutputStream stdout, OutputStream stderr,
              InputStream stdin) {
        this.args = List.copyOf(args);
        this.workingDir = workingDir;
        this.charset = charset;
        this.stdout = stdout;
        this.stderr = stderr;
        this.stdin = stdin;
    }

    public List<String> args() {
        return args;
    }

    /** Where the client ran: relative paths in its arguments are relative to it. */
    public Path workingDir() {
        return workingDir;
    }

    /** The charset a JVM started in the client's locale would print in. */
    public Charset charset() {
        return charset;
    }

    public OutputStream stdout() {
        return stdout;
    }

    public OutputStream stderr() {
        return stderr;
    }

    /** The client's stdin, asked for on first read. */
    public InputStream stdin() {
        return stdin;
    }

    /** Counts {@code latch} down on the client's next stop request, at once if one came already. */
    public synchronized void routeStops(CountDownLatch latch) {
        stopLatch = latch;
        if (stopRequested) {
            latch.countDown();
        }
    }

    synchronized void requestStop() {
        stopRequested = true;
        if (stopLatch != null) {
            stopLatch.countDown();
        }
    }

    /** An output stream of the client's that never throws: a client gone is noticed by its reader. */
    static OutputStream quiet(FrameSender sender, byte type) {
        return new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                for (int done = 0; done < len; ) {
                    int n = Math.min(len - done, Frames.MAX_PAYLOAD);
                    try {
                        sender.send(type, b, off + done, n);
                    } catch (IOException e) {
                        return; // the client is gone; its connection's reader stops the command
                    }
                    done += n;
                }
            }
        };
    }

    /** Writes frames to the client, one at a time. */
    interface FrameSender {
        void send(byte type, byte[] payload, int offset, int length) throws IOException;
    }
}
