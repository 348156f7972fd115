package dev.polytrace.bpf.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** BPF objects compiled from src/test/bpf during the build. */
public final class TestObjects {
    private TestObjects() {
    }

    public static byte[] bytes(String name) {
        String resource = "/bpf/" + name + ".bpf.o";
        try (InputStream in = TestObjects.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " missing: was src/test/bpf/" + name + ".bpf.c compiled?");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
