package dev.polytrace.host.system;

import java.lang.management.ManagementFactory;

/**
 * How this JVM was started for speed: on the runtime the launcher linked (or the JDK's own), and
 * with an AOT cache or not. The launcher says what it chose and why in the system properties
 * {@code polytrace.runtime} and {@code polytrace.aot}; whether the JVM really mapped the cache is
 * asked of the JVM itself ({@code java.vm.info} says "sharing" when a cache or CDS archive is in
 * use), since it silently runs without a cache it finds stale.
 *
 * @param linkedRuntime whether the JVM runs on the launcher's linked runtime
 * @param runtime       which runtime, and why
 * @param aotInUse      whether an AOT cache is mapped
 * @param aot           which cache, or why none
 */
public record StartupStatus(boolean linkedRuntime, String runtime, boolean aotInUse, String aot) {
    static final String RUNTIME_PROPERTY = "polytrace.runtime";
    static final String AOT_PROPERTY = "polytrace.aot";

    public static StartupStatus current() {
        return of(System.getProperty(RUNTIME_PROPERTY), System.getProperty(AOT_PROPERTY), aotCacheFlag(),
                System.getProperty("java.vm.info", ""));
    }

    /** From what the launcher said, the JVM's -XX:AOTCache value ("" if unset) and its java.vm.info. */
    static StartupStatus of(String launcherRuntime, String launcherAot, String aotCacheFlag, String vmInfo) {
        if (launcherRuntime == null) {
            String java = System.getProperty("java.home");
            return new StartupStatus(false, java + ": not started by ./polytrace", !aotCacheFlag.isEmpty()
                    && vmInfo.contains("sharing"), aotCacheFlag.isEmpty() ? "none: not started by ./polytrace"
                    : aotCacheFlag);
        }
        boolean linked = launcherRuntime.startsWith("linked");
        if (aotCacheFlag.isEmpty()) {
            return new StartupStatus(linked, launcherRuntime, false, launcherAot == null ? "none" : launcherAot);
        }
        if (!vmInfo.contains("sharing")) {
            return new StartupStatus(linked, launcherRuntime, false, "none: the JVM refused " + aotCacheFlag
                    + " (stale or made for other flags; delete it and ./polytrace makes a new one)");
        }
        return new StartupStatus(linked, launcherRuntime, true, aotCacheFlag);
    }

    private static String aotCacheFlag() {
        try {
            var bean = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            String value = bean.getVMOption("AOTCache").getValue();
            return value == null ? "" : value;
        } catch (RuntimeException e) {
            return ""; // not HotSpot, or a JDK without AOT caches
        }
    }
}
