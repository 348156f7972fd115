package dev.polytrace.host.script;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.function.BooleanSupplier;

/** Passes writes on, except while {@code muted} says so (a guest's prints during a warm-up). */
final class MutableOutputStream extends FilterOutputStream {
    private final BooleanSupplier muted;

    MutableOutputStream(OutputStream out, BooleanSupplier muted) {
        super(out);
        this.muted = muted;
    }

    @Override
    public void write(int b) throws IOException {
        if (!muted.getAsBoolean()) {
            out.write(b);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (!muted.getAsBoolean()) {
            out.write(b, off, len);
        }
    }
}
