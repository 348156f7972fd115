package dev.polytrace.host.daemon.renewal;

import dev.polytrace.host.system.ProcessImage;
import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a renewed daemon finds at its start: the listening sockets of the daemon it replaced
 * (HTTP and local, still open, their waiting connections queued) and the {@link Handover}. They
 * come as descriptors named in {@value #VARIABLE} ({@code http=FD local=FD state=FD}); the
 * state descriptor is a pipe holding the hand-over as JSON.
 */
public record Inheritance(Optional<ServerSocketChannel> http, Optional<ServerSocketChannel> local, Handover handover) {
    static final String VARIABLE = "POLYTRACE_RENEWAL";

    /** The inheritance of this process when it is a renewal; empty for a daemon started by a user. */
    public static Optional<Inheritance> ofThisProcess() throws IOException {
        String value = System.getenv(VARIABLE);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(parse(value));
    }

    static Inheritance parse(String value) throws IOException {
        Map<String, Integer> fds = descriptors(value);
        Integer state = fds.get("state");
        if (state == null) {
            throw new IOException(VARIABLE + " names no state descriptor: " + value);
        }
        Handover handover;
        try {
            handover = Handover.fromBytes(Files.readAllBytes(Path.of("/proc/self/fd/" + state)));
        } catch (IOException | RuntimeException e) {
            closeRaw(fds.get("http"));
            closeRaw(fds.get("local"));
            throw new IOException("cannot read the state handed over: " + e.getMessage(), e);
        } finally {
            ProcessImage.close(state);
        }
        Optional<ServerSocketChannel> http;
        try {
            http = adopt(fds.get("http"));
        } catch (IOException e) {
            closeRaw(fds.get("http"));
            closeRaw(fds.get("local"));
            throw e;
        }
        try {
            return new Inheritance(http, adopt(fds.get("local")), handover);
        } catch (IOException e) {
            closeRaw(fds.get("local"));
            if (http.isPresent()) {
                http.get().close();
            }
            throw e;
        }
    }

    /** A descriptor handed over that will not be used: its port or socket must not stay held. */
    private static void closeRaw(Integer fd) {
        if (fd != null) {
            ProcessImage.close(fd);
        }
    }

    /** {@code http=5 local=6 state=7} as names and descriptors. */
    static Map<String, Integer> descriptors(String value) throws IOException {
        Map<String, Integer> fds = new LinkedHashMap<>();
        for (String item : value.trim().split("\\s+")) {
            int eq = item.indexOf('=');
            try {
                fds.put(item.substring(0, eq), Integer.parseInt(item.substring(eq + 1)));
            } catch (RuntimeException e) {
                throw new IOException(VARIABLE + ": \"" + item + "\" is not NAME=DESCRIPTOR", e);
            }
        }
        return fds;
    }

    static String format(Map<String, Integer> fds) {
        StringBuilder s = new StringBuilder();
        fds.forEach((name, fd) -> s.append(s.isEmpty() ? "" : " ").append(name).append('=').append(fd));
        return s.toString();
    }

    private static Optional<ServerSocketChannel> adopt(Integer fd) throws IOException {
        return fd == null ? Optional.empty() : Optional.of(ListeningSockets.adopt(fd));
    }
}
