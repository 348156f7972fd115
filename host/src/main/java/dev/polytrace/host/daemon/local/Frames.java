package dev.polytrace.host.daemon.local;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * The local socket's framing, both ways: one type byte, a 4-byte big-endian length, the payload
 * (the client, {@code host/src/main/c/local-client.c}, documents the frame types).
 */
final class Frames {
    static final String PROTOCOL = "polytrace-local/1";
    static final int MAX_PAYLOAD = 1 << 20;

    static final byte REQUEST = 'R';
    static final byte STDIN = 'I';
    static final byte STOP = 'S';
    static final byte STDOUT = 'O';
    static final byte STDERR = 'E';
    static final byte WANT_STDIN = 'W';
    static final byte EXIT = 'X';

    private Frames() {
    }

    record Frame(byte type, byte[] payload) {
    }

    /** The next frame, or null at the end of the stream. */
    static Frame read(SocketChannel channel) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(5);
        if (!fill(channel, header, true)) {
            return null;
        }
        int length = header.getInt(1);
        if (length < 0 || length > MAX_PAYLOAD) {
            throw new IOException("frame of " + Integer.toUnsignedString(length) + " bytes, more than "
                    + MAX_PAYLOAD);
        }
        ByteBuffer payload = ByteBuffer.allocate(length);
        if (!fill(channel, payload, false)) {
            throw new EOFException("connection closed inside a frame");
        }
        return new Frame(header.get(0), payload.array());
    }

    /** Writes one frame; callers writing from several threads hold one lock around it. */
    static void write(SocketChannel channel, byte type, byte[] payload, int offset, int length) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(5).put(type).putInt(length).flip();
        ByteBuffer body = ByteBuffer.wrap(payload, offset, length);
        while (header.hasRemaining() || body.hasRemaining()) {
            channel.write(new ByteBuffer[] {header, body});
        }
    }

    static byte[] exitCode(int code) {
        return ByteBuffer.allocate(4).putInt(code).array();
    }

    /** False when the stream ended before the first byte and {@code endAllowed}. */
    private static boolean fill(SocketChannel channel, ByteBuffer buffer, boolean endAllowed) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                if (endAllowed && buffer.position() == 0) {
                    return false;
                }
                throw new EOFException("connection closed inside a frame");
            }
        }
        return true;
    }
}
