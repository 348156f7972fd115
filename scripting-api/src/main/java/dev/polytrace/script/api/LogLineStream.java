package dev.polytrace.script.api;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Guest stdout/stderr as log lines: bytes collect until a newline, so multi-byte UTF-8 stays whole. */
final class LogLineStream extends OutputStream {
    /** A guest printing without newlines must not grow the buffer without bound. */
    private static final int MAX_LINE_BYTES = 64 * 1024;

    private final HandlerLog log;
    private final LogLevel level;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    LogLineStream(HandlerLog log, LogLevel level) {
        this.log = log;
        this.level = level;
    }

    @Override
    public void write(int b) {
        if (b == '\n') {
            emit();
            return;
        }
        line.write(b);
        if (line.size() >= MAX_LINE_BYTES) {
            emit();
        }
    }

    @Override
    public void write(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            write(b[i]);
        }
    }

    @Override
    public void flush() {
        if (line.size() > 0) {
            emit();
        }
    }

    @Override
    public void close() {
        flush();
    }

    private void emit() {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        log.log(level, text.endsWith("\r") ? text.substring(0, text.length() - 1) : text);
    }
}
