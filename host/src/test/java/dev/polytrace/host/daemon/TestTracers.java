package dev.polytrace.host.daemon;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polytrace.bpf.testing.Triggers;
import dev.polytrace.host.build.BuildFixtures;
import dev.polytrace.host.build.BuildRequest;
import dev.polytrace.host.build.TracerBuilder;
import dev.polytrace.host.pkg.PackageHandler;
import dev.polytrace.host.pkg.PackageOptions;
import dev.polytrace.host.pkg.PackageWriter;
import dev.polytrace.host.pkg.TracerPackage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The seq tracer (src/test/resources/daemon/seq.bpf.c), built once per JVM, and the handlers and
 * deploy requests the tests send. Its handlers run without the watchdog: these tests are not about
 * handler budgets, and a cold interpreter or a GC pause on a loaded machine must not fail them.
 */
final class TestTracers {
    /** Emits each record's number and tag, marked with the handler's version. */
    static String handler(String version) {
        return """
                export function onEvent(event, ctx) {
                  ctx.metrics.counter('seq_handled_total', 'records seen by the handler', ['version']).inc({version: '%s'});
                  ctx.emit({seq: event.seq, tag: event.tag, v: '%s'});
                }
                """.formatted(version, version);
    }

    static final PackageHandler V1 = new PackageHandler("js", "seq.js", handler("v1"));
    static final PackageHandler V2 = new PackageHandler("js", "seq2.js", handler("v2"));

    private static TracerPackage seq;

    private TestTracers() {
    }

    static synchronized TracerPackage seq() {
        if (seq == null) {
            BuildFixtures.assumeToolchain();
            seq = withoutWatchdog(TracerBuilder.build(BuildRequest.of(resource("seq.bpf.c"))
                    .withToolchain(BuildFixtures.toolchain())));
        }
        return seq;
    }

    /** {@code pkg} with {@code handlerTimeoutMs} 0: no budget for handler calls. */
    static TracerPackage withoutWatchdog(TracerPackage pkg) {
        PackageOptions o = pkg.options();
        return new TracerPackage(pkg.formatVersion(), pkg.name(), pkg.version(), pkg.description(), pkg.object(),
                pkg.handler(), pkg.params(), pkg.programs(), pkg.outputs(),
                new PackageOptions(o.intervalMs(), 0, o.onHandlerError(), o.perfBufferPages(), o.pollTimeoutMs()),
                pkg.signature(), pkg.origin());
    }

    /** {@code pkg} with a budget per handler call (also onExit's, at least 10 s) and {@code onHandlerError}. */
    static TracerPackage withBudget(TracerPackage pkg, long handlerTimeoutMs, String onHandlerError) {
        PackageOptions o = pkg.options();
        return new TracerPackage(pkg.formatVersion(), pkg.name(), pkg.version(), pkg.description(), pkg.object(),
                pkg.handler(), pkg.params(), pkg.programs(), pkg.outputs(),
                new PackageOptions(o.intervalMs(), handlerTimeoutMs, onHandlerError, o.perfBufferPages(),
                        o.pollTimeoutMs()),
                pkg.signature(), pkg.origin());
    }

    static TracerPackage seqWithHandler() {
        return seq().withHandler(V1);
    }

    static byte[] document(TracerPackage pkg) {
        return PackageWriter.write(pkg);
    }

    /** {"package": pkg, "params": {"target_tgid": this process}} plus {@code extra} fields. */
    static byte[] request(TracerPackage pkg, Map<String, Object> extra) {
        try {
            ObjectNode r = DaemonFixture.JSON.createObjectNode();
            r.set("package", DaemonFixture.JSON.readTree(document(pkg)));
            r.putObject("params").put("target_tgid", Triggers.pid());
            extra.forEach((k, v) -> r.set(k, DaemonFixture.JSON.valueToTree(v)));
            return DaemonFixture.JSON.writeValueAsBytes(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] request(TracerPackage pkg) {
        return request(pkg, Map.of());
    }

    static Path resource(String name) {
        try {
            return Path.of(TestTracers.class.getResource("/daemon/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("test resource daemon/" + name + " missing", e);
        }
    }
}
