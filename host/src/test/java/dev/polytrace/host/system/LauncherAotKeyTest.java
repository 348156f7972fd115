package dev.polytrace.host.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's AOT cache key: a cache it made is the one the next run of the same command uses
 * (a key that never matched made every run a training run), and a change of the JVM flags or of
 * a jar makes a new one. The key is written and read back as {@code train_aot_cache} and
 * {@code aot_cache_current} do.
 */
class LauncherAotKeyTest {
    private static LauncherFunctions launcher;

    @TempDir
    Path dir;

    @BeforeAll
    static void readLauncher() throws IOException {
        launcher = LauncherFunctions.of("file_text", "aot_training_flags", "aot_key", "aot_cache_current",
                "remove_killed_trainings", "without_graal_compiler");
    }

    @Test
    void aCacheJustMadeIsCurrentForEveryFlavour() throws Exception {
        for (String flavour : new String[] {"SerialGC-plain", "G1GC-js", "G1GC-python", "G1GC-all-daemon"}) {
            assertEquals("current", afterMaking(flavour, ""), flavour);
        }
    }

    @Test
    void otherJvmFlagsOrANewerJarNeedANewCache() throws Exception {
        assertEquals("stale", afterMaking("G1GC-js", "JOB_FLAGS+=(-Xmn24m)\naot_key\n"));
        assertEquals("stale", afterMaking("G1GC-python", "JAVA_FLAGS=(-Xss1m)\naot_key\n"));
        assertEquals("stale", afterMaking("SerialGC-plain", "touch -d '+1 minute' lib/a.jar\n"));
    }

    @Test
    void onlyTheDaemonsCacheIsMadeWithTheTrainingRunsProfiles() throws Exception {
        assertEquals("", trainingFlags("G1GC-all-daemon"));
        for (String flavour : new String[] {"SerialGC-plain", "G1GC-python"}) {
            assertEquals("-XX:+UnlockDiagnosticVMOptions -XX:-AOTRecordTraining", trainingFlags(flavour), flavour);
        }
        for (String flavour : new String[] {"SerialGC-all", "G1GC-js", "G1GC-all"}) { // from a class list: linked, no profiles
            assertEquals("-XX:+AOTClassLinking", trainingFlags(flavour), flavour);
        }
    }

    @Test
    void aJsCachesClassListLosesTheGraalCompilersLinesOnly() throws Exception {
        String classList = String.join("\n",
                "# NOTE: Do not modify this file.",
                "java/lang/Object id: 0",
                "jdk/graal/compiler/core/GraalCompiler id: 7",
                "com/oracle/truffle/runtime/OptimizedCallTarget id: 8",
                "jdk/graal/compiler/hotspot/HotSpotGraalRuntime id: 10 super: 0",
                "jdk/vm/ci/hotspot/HotSpotJVMCIRuntime id: 9",
                "@lambda-proxy jdk/graal/compiler/debug/DebugContext get ()Ljava/util/function/Supplier;",
                "@lambda-proxy dev/polytrace/host/cli/Main run ()Ljava/lang/Runnable;",
                "@lambda-form-invoker [LF_RESOLVE] java.lang.invoke.DirectMethodHandle$Holder invokeStatic L_L",
                "@cp jdk/graal/compiler/core/GraalCompiler 1 2 7",
                "@cp com/oracle/truffle/runtime/OptimizedCallTarget 1 2",
                "");
        Files.writeString(dir.resolve("classes"), classList);
        assertEquals(String.join("\n",
                "# NOTE: Do not modify this file.",
                "java/lang/Object id: 0",
                "com/oracle/truffle/runtime/OptimizedCallTarget id: 8",
                "jdk/vm/ci/hotspot/HotSpotJVMCIRuntime id: 9",
                "@lambda-proxy dev/polytrace/host/cli/Main run ()Ljava/lang/Runnable;",
                "@lambda-form-invoker [LF_RESOLVE] java.lang.invoke.DirectMethodHandle$Holder invokeStatic L_L",
                "@cp com/oracle/truffle/runtime/OptimizedCallTarget 1 2"),
                launcher.bash(dir, "without_graal_compiler <classes\n"));
    }

    @Test
    void aKilledTrainingRunsPartialCacheGoesAndAnotherInProgressStays() throws Exception {
        String listing = launcher.bash(dir, "touch c.aot c.aot.key c.aot.999999999 c.aot.999999999.config"
                + " c.aot.999999999.classes c.aot.999999999.list c.aot.$$ c.aot.$$.config\n"
                + "remove_killed_trainings \"$PWD/c.aot\"\n"
                + "ls | sed \"s/\\.$$/.LIVE/\" | LC_ALL=C sort | tr '\\n' ' '\n");
        assertEquals("c.aot c.aot.LIVE c.aot.LIVE.config c.aot.key", listing); // 999999999 is above any pid_max
    }

    private String trainingFlags(String flavour) throws Exception {
        return launcher.bash(dir, "AOT_FLAVOUR=" + flavour + "\naot_training_flags\necho \"${AOT_TRAINING_FLAGS[*]}\"\n");
    }

    /** Makes a cache of {@code flavour} as the launcher does, runs {@code change}, then asks whether it is current. */
    private String afterMaking(String flavour, String change) throws Exception {
        Files.createDirectories(dir.resolve("runtime"));
        Files.createDirectories(dir.resolve("lib"));
        Files.writeString(dir.resolve("runtime/.key"), "/usr/lib/jvm/jdk\nJAVA_VERSION=\"25\"\njava.se\n");
        Files.writeString(dir.resolve("lib/a.jar"), "jar");
        Files.setLastModifiedTime(dir.resolve("lib/a.jar"), Files.getLastModifiedTime(dir.resolve("runtime/.key")));
        String script = "RUNTIME=runtime LIB_DIR=lib JIT_DIR=jit JARS=()\n"
                + "JAVA_FLAGS=(--enable-native-access=ALL-UNNAMED -Xss8m)\n"
                + "JOB_FLAGS=(-XX:+Use" + flavour.substring(0, flavour.indexOf('-')) + " -Xms16m)\n"
                + "AOT_FLAVOUR=" + flavour + "\naot_training_flags\naot_key\n"
                + "touch cache.aot\nprintf '%s\\n' \"$AOT_KEY\" >cache.aot.key\n" // as train_aot_cache writes it
                + change
                + "if aot_cache_current cache.aot; then echo current; else echo stale; fi\n";
        return launcher.bash(dir, script);
    }
}
