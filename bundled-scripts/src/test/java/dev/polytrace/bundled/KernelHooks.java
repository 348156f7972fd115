package dev.polytrace.bundled;

import dev.polytrace.bpf.AttachKind;
import dev.polytrace.bpf.testing.KernelFacts;

/** Skips a test, with the probed reason, when this kernel lacks a hook its tracer needs. */
final class KernelHooks {
    private KernelHooks() {
    }

    /** Decided by {@link KernelFacts}, not by the attach code under test: a broken attach fails. */
    static void assume(AttachKind... kinds) {
        KernelFacts.assumeSupports(kinds);
    }
}
