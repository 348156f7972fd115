package dev.polytrace.host.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When a checkout's launcher builds again: a pom or a file under a module's {@code src/main}
 * newer than the last build makes it stale; test sources, build output and node_modules do not.
 * The launcher's own {@code is_stale}, with its find started early as the launcher starts it, or
 * not started (as {@code java-flags} and {@code dist} call it).
 */
class LauncherStalenessTest {
    private static LauncherFunctions launcher;

    @TempDir
    Path root;

    @BeforeAll
    static void readLauncher() throws IOException {
        launcher = LauncherFunctions.of("start_stale_check", "is_stale");
    }

    @BeforeEach
    void checkout() throws IOException {
        for (String file : new String[] {"pom.xml", "host/pom.xml", "host/src/main/java/A.java",
                "host/src/test/java/ATest.java", "host/src/main/console/node_modules/x/index.js",
                "host/target/stamp", "bench/src/main/java/B.java"}) {
            Files.createDirectories(root.resolve(file).getParent());
            Files.writeString(root.resolve(file), "x");
        }
        touch("host/target/stamp", 0); // built after every file above
        for (String file : new String[] {"pom.xml", "host/pom.xml", "host/src/main/java/A.java",
                "host/src/test/java/ATest.java", "host/src/main/console/node_modules/x/index.js",
                "bench/src/main/java/B.java"}) {
            touch(file, -60);
        }
    }

    @Test
    void aFreshBuildIsNotStale() throws Exception {
        assertEquals("fresh fresh", staleness());
    }

    @Test
    void aMainSourceOrAPomNewerThanTheBuildIsStale() throws Exception {
        touch("host/src/main/java/A.java", 60);
        assertEquals("stale stale", staleness());
        touch("host/src/main/java/A.java", -60);
        touch("host/pom.xml", 60);
        assertEquals("stale stale", staleness());
    }

    @Test
    void testSourcesBuildOutputAndNodeModulesDoNotCount() throws Exception {
        touch("host/src/test/java/ATest.java", 60);
        touch("host/src/main/console/node_modules/x/index.js", 60);
        Files.writeString(root.resolve("host/target/new.jar"), "x");
        touch("host/target/new.jar", 60);
        assertEquals("fresh fresh", staleness());
    }

    @Test
    void noStampIsStale() throws Exception {
        Files.delete(root.resolve("host/target/stamp"));
        assertEquals("stale", launcher.bash(root, "ROOT=$PWD STAMP=$PWD/host/target/stamp\n"
                + "is_stale && echo stale || echo fresh\n"));
    }

    /** is_stale's answer with the find started early, then without. */
    private String staleness() throws Exception {
        return launcher.bash(root, "ROOT=$PWD STAMP=$PWD/host/target/stamp\n"
                + "start_stale_check\nif is_stale; then a=stale; else a=fresh; fi\n"
                + "if is_stale; then b=stale; else b=fresh; fi\necho \"$a $b\"\n");
    }

    private void touch(String file, long secondsFromStamp) throws IOException {
        long stamp = 1_700_000_000_000L;
        Files.setLastModifiedTime(root.resolve(file),
                java.nio.file.attribute.FileTime.fromMillis(stamp + secondsFromStamp * 1000));
    }
}
