package dev.polytrace.host.daemon;

import dev.polytrace.host.filter.ProcessFilter;
import dev.polytrace.host.pkg.PackageHandler;
import dev.polytrace.host.pkg.TracerPackage;
import dev.polytrace.host.rules.RuleSource;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What was deployed, as it is kept in the state directory and restored from it: the package
 * document as received (so its signature stays checkable), the params set on it, and the handler
 * when it is not the package's own (given at deploy, or swapped in since, with the signed package
 * it came in when it came in one).
 *
 * @param number          a small integer id for clients of eunomia-bpf's API, which uses integers
 * @param epoch           how many times the tracer was restored: its records are numbered in a range
 *                        of their own each time ({@link EventBuffer}), so an id never means two records
 * @param document        the package's bytes as received
 * @param pkg             the package read from {@code document}; empty only for a tracer that could
 *                        not be restored because its package could not be read
 * @param sha256          sha256 of the canonical package ({@link dev.polytrace.host.pkg.PackageWriter#canonical});
 *                        empty when it is not known
 * @param handlerDocument the signed package {@code handler} was taken from, when it came in one
 * @param filter          the processes traced ({@code --pid}, {@code --container}, ...)
 * @param rules           alert rule files checked against its events, in order (none: no rules)
 */
public record Deployment(String id, long number, long epoch, String name, byte[] document,
                         Optional<TracerPackage> pkg, Optional<String> sha256, Map<String, String> params,
                         Optional<PackageHandler> handler, Optional<byte[]> handlerDocument, Instant created,
                         ProcessFilter filter, List<RuleSource> rules) {
    public Deployment {
        params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
        filter = filter == null ? ProcessFilter.NONE : filter;
        rules = List.copyOf(rules);
    }

    /** Without a filter; {@link #withFilter} sets one. */
    public Deployment(String id, long number, long epoch, String name, byte[] document, Optional<TracerPackage> pkg,
                      Optional<String> sha256, Map<String, String> params, Optional<PackageHandler> handler,
                      Optional<byte[]> handlerDocument, Instant created) {
        this(id, number, epoch, name, document, pkg, sha256, params, handler, handlerDocument, created,
                ProcessFilter.NONE, List.of());
    }

    public Deployment withFilter(ProcessFilter processes) {
        return new Deployment(id, number, epoch, name, document, pkg, sha256, params, handler, handlerDocument,
                created, processes, rules);
    }

    /** A tracer as a deploy request makes it: epoch 0, its package's own handler or the one asked for. */
    static Deployment deployed(String id, long number, String name, byte[] document, TracerPackage pkg,
                               String sha256, Map<String, String> params, Optional<PackageHandler> handler,
                               List<RuleSource> rules) {
        return new Deployment(id, number, 0, name, document, Optional.of(pkg), Optional.of(sha256), params, handler,
                Optional.empty(), Instant.now(), ProcessFilter.NONE, rules);
    }

    /** The package, which every tracer but one that failed to restore has. */
    public TracerPackage requirePackage() {
        return pkg.orElseThrow(() -> new DaemonException(DaemonException.Reason.CONFLICT, "not_running",
                "tracer " + id + " has no package: it could not be restored"));
    }

    /** The package as it runs: with the handler override in place. */
    public TracerPackage effectivePackage() {
        TracerPackage p = requirePackage();
        return handler.map(p::withHandler).orElse(p);
    }

    /** The handler that runs, the override or the package's own. */
    public Optional<PackageHandler> runningHandler() {
        return handler.isPresent() ? handler : pkg.flatMap(TracerPackage::handler);
    }

    public Deployment withParams(Map<String, String> newParams) {
        return new Deployment(id, number, epoch, name, document, pkg, sha256, newParams, handler, handlerDocument,
                created, filter, rules);
    }

    /** {@code newHandler} in place of the running one; {@code signedPackage} is the package it came in, if any. */
    public Deployment withHandler(PackageHandler newHandler, Optional<byte[]> signedPackage) {
        return new Deployment(id, number, epoch, name, document, pkg, sha256, params, Optional.of(newHandler),
                signedPackage, created, filter, rules);
    }

    /** The same tracer started once more: its records get a range of ids of their own. */
    public Deployment nextEpoch() {
        return new Deployment(id, number, epoch + 1, name, document, pkg, sha256, params, handler, handlerDocument,
                created, filter, rules);
    }
}
