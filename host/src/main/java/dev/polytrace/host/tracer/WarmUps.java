package dev.polytrace.host.tracer;

import dev.polytrace.host.script.HandlerRuntime;
import dev.polytrace.host.script.HandlerWarmUp;
import dev.polytrace.host.script.OutputWarmUp;

/** A request's warm-up, before anything is attached: its handler's, or without one its output's. */
final class WarmUps {
    private WarmUps() {
    }

    /** Runs it when asked for and the package has an event stream; notices say how it went. */
    static void run(TracerRequest request, HandlerRuntime handler) {
        if (request.warmUp().isZero()) {
            return;
        }
        (handler != null ? HandlerWarmUp.forPackage(handler, request.pkg(), request.warmUp()).map(r -> r.summary())
                : OutputWarmUp.forPackage(request.pkg(), request.warmUpOutput().get(), request.warmUp())
                        .map(r -> r.summary()))
                .ifPresent(request.options().notices());
    }
}
