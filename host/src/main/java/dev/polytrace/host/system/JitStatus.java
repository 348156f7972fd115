package dev.polytrace.host.system;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import org.graalvm.polyglot.Engine;

/**
 * Whether guest languages are compiled by the Graal JIT. Truffle itself is asked: an engine
 * whose implementation is "Interpreted" runs on the fallback runtime, and Truffle's own warning
 * (captured, not printed) says why.
 */
public record JitStatus(boolean active, String detail) {
    private static final String CAUSE_PREFIX = "The following cause was found: ";

    public static JitStatus current() {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        String implementation;
        try (Engine engine = Engine.newBuilder()
                .option("engine.WarnInterpreterOnly", "true")
                .logHandler(log)
                .build()) {
            implementation = engine.getImplementationName();
        } catch (RuntimeException | LinkageError e) {
            return new JitStatus(false, "polyglot engine unavailable: " + e.getMessage());
        }
        if (!"Interpreted".equals(implementation)) {
            return new JitStatus(true, implementation + " on JVMCI (Java " + Runtime.version().feature() + ")");
        }
        for (String line : log.toString(StandardCharsets.UTF_8).split("\n")) {
            int at = line.indexOf(CAUSE_PREFIX);
            if (at >= 0) {
                return new JitStatus(false, line.substring(at + CAUSE_PREFIX.length()).strip()
                        + "; guest code runs interpreted");
            }
        }
        return new JitStatus(false, staticReason() + "; guest code runs interpreted");
    }

    private static String staticReason() {
        try {
            var bean = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            if (!Boolean.parseBoolean(bean.getVMOption("EnableJVMCI").getValue())) {
                return "JVMCI not enabled (start with ./polytrace, which adds -XX:+EnableJVMCI on Java >= 25)";
            }
        } catch (RuntimeException e) {
            // not HotSpot: fall through
        }
        if (ModuleLayer.boot().findModule("jdk.graal.compiler").isEmpty()) {
            return "Graal compiler not on --upgrade-module-path";
        }
        return "Truffle did not say why";
    }
}
