package dev.polytrace.host.daemon.local;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The client's stdin as the command reads it: the client is asked for it on the first read only
 * (a command that never reads it leaves the client's terminal alone), then its chunks arrive on
 * the connection's reader thread.
 */
final class ClientStdin extends InputStream {
    private static final byte[] END = new byte[0];

    private final LinkedBlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
    private final Runnable askClient;
    private boolean asked;
    private byte[] current = new byte[0];
    private int position;
    private boolean ended;

    ClientStdin(Runnable askClient) {
        this.askClient = askClient;
    }

    /** A chunk from the client; an empty one is the end of its input. */
    void offer(byte[] chunk) {
        chunks.add(chunk.length == 0 ? END : chunk);
    }

    /** The client is gone: readers see the end of input. */
    void end() {
        chunks.add(END);
    }

    @Override
    public synchronized int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (position == current.length) {
            if (ended) {
                return -1;
            }
            if (!asked) {
                asked = true;
                askClient.run();
            }
            try {
                current = chunks.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while reading the client's stdin", e);
            }
            position = 0;
            ended = current == END;
        }
        int n = Math.min(len, current.length - position);
        System.arraycopy(current, position, b, off, n);
        position += n;
        return n;
    }
}
