package dev.polytrace.bundled;

import dev.polytrace.bpf.AttachKind;
import dev.polytrace.bpf.FeatureStatus;
import dev.polytrace.bpf.Features;
import org.junit.jupiter.api.Assumptions;

/** Skips a test, with the probed reason, when this kernel refuses a hook its tracer needs. */
final class KernelHooks {
    private KernelHooks() {
    }

    static void assume(AttachKind... kinds) {
        for (AttachKind kind : kinds) {
            FeatureStatus status = Features.attach(kind);
            Assumptions.assumeTrue(status.available(), () -> kind.label() + " unavailable: " + status.reason());
        }
    }
}
