package dev.polytrace.host.script;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A guest context's stdout or stderr whose destination is given after the context was built: a
 * spare context ({@link SpareContexts}) is built before anyone knows whose handler it will run.
 * Until then, output is dropped (a context's own start prints nothing).
 */
final class LateOutputStream extends OutputStream {
    private volatile OutputStream target = OutputStream.nullOutputStream();

    void sendTo(OutputStream destination) {
        target = destination;
    }

    @Override
    public void write(int b) throws IOException {
        target.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        target.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
        target.flush();
    }
}
