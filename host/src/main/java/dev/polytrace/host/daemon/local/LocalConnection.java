package dev.polytrace.host.daemon.local;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client of the local socket: reads its request, runs the command with the client's streams,
 * sends the exit code and closes. A second thread reads what the client sends meanwhile (stdin,
 * stop requests); the connection closing (the client exited or was killed) is a stop request, so
 * whatever the command attached is detached as a standalone run's Ctrl-C would.
 */
final class LocalConnection implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger("polytrace.local");

    private final SocketChannel channel;
    private final LocalCommands commands;
    private final Object writeLock = new Object();
    private volatile LocalCall call;

    LocalConnection(SocketChannel channel, LocalCommands commands) {
        this.channel = channel;
        this.commands = commands;
    }

    @Override
    public void run() {
        try (channel) {
            Frames.Frame request = Frames.read(channel);
            if (request == null) {
                return;
            }
            int code = serve(request);
            send(Frames.EXIT, Frames.exitCode(code), 0, 4);
        } catch (IOException e) {
            LOG.debug("local client gone: {}", e.getMessage());
        }
    }

    /** Stops the command as the client's Ctrl-C would (the service is shutting down). */
    void requestStop() {
        LocalCall c = call;
        if (c != null) {
            c.requestStop();
        }
    }

    private int serve(Frames.Frame request) throws IOException {
        List<String> fields = fields(request);
        if (request.type() != Frames.REQUEST || fields.size() < 3 || !fields.get(0).equals(Frames.PROTOCOL)) {
            byte[] message = ("polytrace: the local service speaks " + Frames.PROTOCOL
                    + "; this client does not (rebuild it: ./polytrace rebuild)\n").getBytes(StandardCharsets.UTF_8);
            send(Frames.STDERR, message, 0, message.length);
            return 1;
        }
        ClientStdin stdin = new ClientStdin(() -> {
            try {
                send(Frames.WANT_STDIN, new byte[0], 0, 0);
            } catch (IOException e) {
                // the reader notices the client is gone
            }
        });
        LocalCall c = new LocalCall(fields.subList(3, fields.size()), Path.of(fields.get(1)), charset(fields.get(2)),
                LocalCall.quiet(this::send, Frames.STDOUT), LocalCall.quiet(this::send, Frames.STDERR), stdin);
        call = c;
        // Not interrupted when the command ends: an interrupt would close the channel before the exit code.
        Thread.ofVirtual().name("polytrace-local-reader").start(() -> readClient(c, stdin));
        return commands.run(c);
    }

    /** Stdin and stop requests until the client closes the connection, which stops the command. */
    private void readClient(LocalCall c, ClientStdin stdin) {
        try {
            for (Frames.Frame f; (f = Frames.read(channel)) != null; ) {
                if (f.type() == Frames.STOP) {
                    c.requestStop();
                } else if (f.type() == Frames.STDIN) {
                    stdin.offer(f.payload());
                }
            }
        } catch (IOException e) {
            // closed: the same as the end of the stream
        }
        stdin.end();
        c.requestStop();
    }

    private void send(byte type, byte[] payload, int offset, int length) throws IOException {
        synchronized (writeLock) {
            Frames.write(channel, type, payload, offset, length);
        }
    }

    private static List<String> fields(Frames.Frame request) {
        List<String> fields = new ArrayList<>();
        byte[] p = request.payload();
        for (int start = 0, i = 0; i < p.length; i++) {
            if (p[i] == 0) {
                fields.add(new String(p, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        return fields;
    }

    /** The client's locale codeset as Java names it; UTF-8 when Java knows no such charset. */
    private static Charset charset(String codeset) {
        try {
            return Charset.forName(codeset);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return StandardCharsets.UTF_8;
        }
    }
}
