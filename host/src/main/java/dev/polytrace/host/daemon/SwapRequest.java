package dev.polytrace.host.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polytrace.host.pkg.PackageHandler;
import dev.polytrace.host.pkg.PackageReader;
import dev.polytrace.host.pkg.TracerPackage;

/**
 * What {@code PUT /v1/tracers/{id}/handler} asks for, parsed: a bare handler, or a package whose
 * handler to take (kept as received, so its signature stays checkable).
 */
public sealed interface SwapRequest {
    /** {@code {"language", "source", "fileName"}}: unsigned code. */
    record BareHandler(PackageHandler handler) implements SwapRequest {
    }

    /** A package carrying the handler; its object must be the running one. */
    record CarriedHandler(TracerPackage pkg, byte[] document) implements SwapRequest {
    }

    static SwapRequest parse(byte[] body) {
        JsonNode root = RequestJson.object(body);
        if (DeployRequest.isPackage(root)) {
            return new CarriedHandler(PackageReader.read(body, "request"), body);
        }
        return new BareHandler(RequestJson.handler(root, "handler"));
    }
}
