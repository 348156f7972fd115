package dev.polytrace.host.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StartupStatusTest {
    private static final String LINKED = "linked: /p/host/target/runtime (from /jdk, Graal JIT on the module path)";

    @Test
    void aCacheTheJvmMappedIsInUse() {
        StartupStatus s = StartupStatus.of(LINKED, "/p/aot/x.aot", "/p/aot/x.aot", "mixed mode, sharing");
        assertTrue(s.linkedRuntime());
        assertTrue(s.aotInUse());
        assertEquals("/p/aot/x.aot", s.aot());
    }

    @Test
    void aCacheTheJvmRefusedIsSaidSo() {
        StartupStatus s = StartupStatus.of(LINKED, "/p/aot/x.aot", "/p/aot/x.aot", "mixed mode");
        assertFalse(s.aotInUse());
        assertTrue(s.aot().startsWith("none: the JVM refused /p/aot/x.aot"), s.aot());
    }

    @Test
    void withoutACacheTheLaunchersReasonIsGiven() {
        StartupStatus s = StartupStatus.of("the JDK's (/jdk): POLYTRACE_NO_AOT is set",
                "none: the JDK's (/jdk): POLYTRACE_NO_AOT is set", "", "mixed mode, sharing");
        assertFalse(s.linkedRuntime());
        assertFalse(s.aotInUse(), "CDS of the JDK alone is not an AOT cache");
        assertEquals("none: the JDK's (/jdk): POLYTRACE_NO_AOT is set", s.aot());
    }

    @Test
    void aJvmNotStartedByTheLauncherSaysSo() {
        StartupStatus s = StartupStatus.of(null, null, "", "mixed mode");
        assertFalse(s.linkedRuntime());
        assertTrue(s.runtime().endsWith(": not started by ./polytrace"), s.runtime());
        assertEquals("none: not started by ./polytrace", s.aot());
    }
}
