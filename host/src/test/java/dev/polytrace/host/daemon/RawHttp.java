package dev.polytrace.host.daemon;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 request over a plain socket, for what HttpClient would normalise or refuse to send
 * (odd paths, huge headers, a body larger than it declares). The answer is read by its length, not
 * to the end of the connection: a server that answers before reading a whole request may reset
 * the connection right after its answer, and a read to the end would then fail.
 */
final class RawHttp {
    record Answer(int status, Map<String, String> headers, String body) {
        @Override
        public String toString() {
            return "HTTP " + status + " " + headers + " " + body;
        }
    }

    /** Writes the rest of a request (a body) while the answer is read; write errors are expected. */
    @FunctionalInterface
    interface BodyWriter {
        void write(OutputStream out) throws IOException;
    }

    private RawHttp() {
    }

    /** Sends {@code head} (request line and headers, with the blank line), then reads the answer. */
    static Answer exchange(URI base, String head) throws IOException {
        return exchange(base, head, null);
    }

    /**
     * As {@link #exchange(URI, String)}, with {@code body} written on another thread: the server may
     * answer, and stop reading, before the body is all sent.
     */
    static Answer exchange(URI base, String head, BodyWriter body) throws IOException {
        try (Socket s = new Socket(base.getHost(), base.getPort())) {
            s.setSoTimeout(60_000); // a hang guard: every answer here comes at once
            OutputStream out = s.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread writer = null;
            if (body != null) {
                writer = new Thread(() -> {
                    try {
                        body.write(out);
                        out.flush();
                    } catch (IOException refusedOrReset) {
                        // the server answered without reading the rest
                    }
                }, "test-raw-http-body");
                writer.setDaemon(true);
                writer.start();
            }
            try {
                return read(s.getInputStream());
            } finally {
                if (writer != null) {
                    s.close(); // ends a write still blocked on a server that stopped reading
                    joinQuietly(writer);
                }
            }
        }
    }

    private static Answer read(InputStream in) throws IOException {
        String statusLine = line(in);
        if (!statusLine.startsWith("HTTP/1.1 ")) {
            throw new IOException("not an HTTP/1.1 answer: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        Map<String, String> headers = new LinkedHashMap<>();
        for (String h; !(h = line(in)).isEmpty(); ) {
            int colon = h.indexOf(':');
            headers.put(h.substring(0, colon).strip().toLowerCase(Locale.ROOT), h.substring(colon + 1).strip());
        }
        byte[] body;
        if (headers.containsKey("content-length")) {
            body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = chunked(in);
        } else {
            throw new IOException("an answer without its length: " + statusLine + " " + headers);
        }
        return new Answer(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static byte[] chunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int size; (size = Integer.parseInt(line(in).split(";")[0].strip(), 16)) > 0; ) {
            body.write(in.readNBytes(size));
            line(in); // the CRLF after the chunk
        }
        return body.toByteArray();
    }

    /** One CRLF-terminated line, without the CRLF. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b; (b = in.read()) != '\n'; ) {
            if (b < 0) {
                throw new IOException("the connection ended inside the answer's head: " + line);
            }
            line.write(b);
        }
        String text = line.toString(StandardCharsets.US_ASCII);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    private static void joinQuietly(Thread t) {
        try {
            t.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
