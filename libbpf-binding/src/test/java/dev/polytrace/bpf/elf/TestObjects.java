package dev.polytrace.bpf.elf;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Test BPF objects compiled by {@code src/test/bpf/compile.sh} into the test classpath. */
public final class TestObjects {
    /** The object whose globals make clang emit every BTF kind it supports. */
    public static final String BTF_KINDS = "/bpf/btf_kinds.bpf.o";

    private TestObjects() {
    }

    /** The bytes of a classpath resource, failing with a hint when compile.sh did not produce it. */
    public static byte[] resource(String path) {
        try (InputStream in = TestObjects.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is not on the test classpath: was src/test/bpf/compile.sh run"
                        + " (mvn generate-test-resources)?");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ElfFile btfKindsElf() {
        return ElfFile.parse(resource(BTF_KINDS), "btf_kinds.bpf.o");
    }
}
