package dev.polytrace.host.daemon;

import dev.polytrace.host.pkg.PackageHandler;
import dev.polytrace.host.pkg.TracerPackage;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What was deployed, as it is kept in the state directory and restored from it: the package
 * document as received (so its signature stays checkable), the params set on it, and the handler
 * when it is not the package's own (given at deploy, or swapped in since).
 *
 * @param number   a small integer id for clients of eunomia-bpf's API, which uses integers
 * @param document the package's bytes as received
 * @param pkg      the package read from {@code document}
 * @param sha256   sha256 of the canonical package ({@link dev.polytrace.host.pkg.PackageWriter#canonical})
 */
public record Deployment(String id, long number, String name, byte[] document, TracerPackage pkg, String sha256,
                         Map<String, String> params, Optional<PackageHandler> handler, Instant created) {
    public Deployment {
        params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /** The package as it runs: with the handler override in place. */
    public TracerPackage effectivePackage() {
        return handler.map(pkg::withHandler).orElse(pkg);
    }

    /** The handler that runs, the override or the package's own. */
    public Optional<PackageHandler> runningHandler() {
        return handler.isPresent() ? handler : pkg.handler();
    }

    public Deployment withParams(Map<String, String> newParams) {
        return new Deployment(id, number, name, document, pkg, sha256, newParams, handler, created);
    }

    public Deployment withHandler(PackageHandler newHandler) {
        return new Deployment(id, number, name, document, pkg, sha256, params, Optional.of(newHandler), created);
    }
}
