package dev.polytrace.host.pkg;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** BPF objects compiled from host/src/test/bpf during the build (generate-test-resources). */
public final class TestBpfObjects {
    public static final String EXEC_EVENTS = "exec_events";
    public static final String LATENCY_HIST = "latency_hist";
    public static final String NET_EVENTS = "net_events";
    public static final String PLAIN_RODATA = "plain_rodata";

    private TestBpfObjects() {
    }

    public static byte[] bytes(String name) {
        return resource("/bpf/" + name + ".bpf.o");
    }

    /** A file of src/test/resources, e.g. "/packages/eunomia-cpp-era.json". */
    public static byte[] resource(String path) {
        try (InputStream in = TestBpfObjects.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " missing from the test classpath (was the build's "
                        + "generate-test-resources phase run?)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
