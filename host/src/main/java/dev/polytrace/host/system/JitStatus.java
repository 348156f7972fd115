package dev.polytrace.host.system;

import java.lang.management.ManagementFactory;

/**
 * Whether guest languages will be compiled by the Graal JIT: JVMCI must be enabled and the
 * Graal compiler module present (the launcher puts it on the upgrade module path).
 */
public record JitStatus(boolean active, String detail) {
    public static JitStatus current() {
        boolean jvmci = vmOption("EnableJVMCI");
        boolean compiler = ModuleLayer.boot().findModule("jdk.graal.compiler").isPresent();
        if (jvmci && compiler) {
            return new JitStatus(true, "Graal compiler on JVMCI (Java " + Runtime.version().feature() + ")");
        }
        if (!compiler) {
            return new JitStatus(false, "Graal compiler not on the module path; start with ./polytrace"
                    + " (Java >= 25 needed), guest code runs interpreted");
        }
        return new JitStatus(false, "JVMCI disabled (-XX:+EnableJVMCI missing)");
    }

    private static boolean vmOption(String name) {
        try {
            var bean = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            return Boolean.parseBoolean(bean.getVMOption(name).getValue());
        } catch (RuntimeException e) {
            return false;
        }
    }
}
