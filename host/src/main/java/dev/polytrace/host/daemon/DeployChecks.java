package dev.polytrace.host.daemon;

import dev.polytrace.host.daemon.DeploymentFile.Settings;
import dev.polytrace.host.daemon.signing.SigningException;
import dev.polytrace.host.daemon.signing.TrustedKeys;
import dev.polytrace.host.pkg.ObjectEncoding;
import dev.polytrace.host.pkg.PackageHandler;
import dev.polytrace.host.pkg.PackageReader;
import dev.polytrace.host.pkg.PackageWriter;
import dev.polytrace.host.pkg.TracerPackage;
import dev.polytrace.host.rules.RuleDefinitions;
import dev.polytrace.host.rules.RuleFileException;
import dev.polytrace.host.rules.RuleSet;
import dev.polytrace.host.rules.RuleSource;
import dev.polytrace.host.session.ParamBinder;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a tracer must pass before it runs, whether a request deploys it or the state directory
 * brings it back after a restart: a package that reads and checks, a signature by a trusted key
 * when the daemon requires one (which a handler given beside the package is not covered by), and
 * params the package declares, with values of their types. The state directory is checked as a
 * request is: its files could have been written by hand, or under other flags.
 */
final class DeployChecks {
    private final Optional<TrustedKeys> trustedKeys;

    DeployChecks(Optional<TrustedKeys> trustedKeys) {
        this.trustedKeys = trustedKeys;
    }

    boolean requiresSignature() {
        return trustedKeys.isPresent();
    }

    /** Reads the trusted keys again (SIGHUP); empty without --require-signature. */
    Optional<Integer> reloadKeys() throws IOException {
        return trustedKeys.isEmpty() ? Optional.empty() : Optional.of(trustedKeys.get().reload());
    }

    static String sha256(TracerPackage pkg) {
        return ObjectEncoding.sha256(PackageWriter.canonical(pkg));
    }

    /** @throws DaemonException 403 when a signature is required and {@code pkg} lacks a good one */
    void signature(TracerPackage pkg, boolean handlerOverride) {
        if (trustedKeys.isEmpty()) {
            return;
        }
        if (handlerOverride) {
            throw new DaemonException(DaemonException.Reason.FORBIDDEN, "signature_required", "this daemon only runs "
                    + "signed code: a handler given beside the package is not covered by its signature");
        }
        try {
            trustedKeys.get().verify(pkg);
        } catch (SigningException e) {
            throw new DaemonException(DaemonException.Reason.FORBIDDEN, "bad_signature", e.getMessage(), e);
        }
    }

    /** The values as the package's params take them. @throws dev.polytrace.host.input.UserError naming the bad one */
    /** Rule files compile, or the deploy is refused (422) with the first error and its line. */
    static void rules(List<RuleSource> rules) {
        try {
            RuleSet.compile(RuleDefinitions.of(rules));
        } catch (RuleFileException e) {
            throw DaemonException.unprocessable("invalid_rules", e.getMessage());
        }
    }

    static Map<String, String> params(TracerPackage pkg, Map<String, String> values) {
        return new ParamBinder(pkg).parse(values.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .toList());
    }

    /**
     * A stored tracer as it may run again, with its package read and its files agreeing with one
     * another. @throws RuntimeException whose message says what fails, as a deploy would say it
     */
    Deployment restored(StateStore.Stored stored) {
        Settings s = stored.settings();
        TracerPackage pkg = PackageReader.read(stored.document(), s.id() + "/package.json");
        String sha256 = sha256(pkg);
        if (!sha256.equals(s.sha256())) {
            throw inconsistent("package.json's sha256 is " + sha256 + ", deployment.json says " + s.sha256());
        }
        if (stored.handlerDocument().isPresent()) {
            PackageHandler handler = s.handler().orElseThrow(() -> inconsistent(
                    "handler.tracer.json is there, but deployment.json names no handler"));
            TracerPackage carrier = PackageReader.read(stored.handlerDocument().get(), s.id() + "/handler.tracer.json");
            if (!carrier.object().sha256().equals(pkg.object().sha256())) {
                throw inconsistent("handler.tracer.json carries another object than package.json");
            }
            if (!carrier.handler().equals(Optional.of(handler))) {
                throw inconsistent("deployment.json's handler is not the one handler.tracer.json carries");
            }
            signature(pkg, false);
            signature(carrier, false);
        } else if (s.handler().isPresent()) {
            signature(pkg, true);
            PackageHandler h = s.handler().get();
            RequestJson.handler(Json.MAPPER.createObjectNode().put("language", h.language()) // as a request gives it
                    .put("fileName", h.fileName()).put("source", h.source()), "deployment.json: handler");
        } else {
            signature(pkg, false);
        }
        return new Deployment(s.id(), s.number(), s.epoch(), s.name(), stored.document(), Optional.of(pkg),
                Optional.of(sha256), params(pkg, s.params()), s.handler(), stored.handlerDocument(), s.created(),
                s.filter(), s.rules());
    }

    private static DaemonException inconsistent(String what) {
        return DaemonException.unprocessable("inconsistent_state", what);
    }
}
