package dev.polytrace.host.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher finds its own tree however it is started: by a relative or absolute path, through
 * a symlinked directory, or as a symlink to it (an installed polytrace), always as the same
 * physical path (the AOT caches are keyed by it), and leaves the caller's working directory as
 * it was (a run's relative package path is the caller's).
 */
class LauncherSelfPathTest {
    private static LauncherFunctions launcher;

    @TempDir
    Path dir;

    @BeforeAll
    static void readLauncher() throws IOException {
        launcher = LauncherFunctions.of("resolve_self");
    }

    @Test
    void everyWayOfStartingItGivesTheSamePhysicalPath() throws Exception {
        Path script = dir.resolve("tree/bin/polytrace");
        Files.createDirectories(script.getParent());
        Files.writeString(script, "#!/bin/bash\n");
        Files.createSymbolicLink(dir.resolve("linked-tree"), dir.resolve("tree"));
        Files.createSymbolicLink(dir.resolve("installed"), script);
        Files.createDirectories(dir.resolve("work"));
        String expected = script.toRealPath() + " " + dir.resolve("work").toRealPath();
        for (String started : new String[] {"../tree/bin/polytrace", "./../tree/bin/../bin/polytrace",
                "../linked-tree/bin/polytrace", "../installed", script.toString(),
                dir.resolve("linked-tree/bin/polytrace").toString()}) {
            assertEquals(expected, launcher.bash(dir.resolve("work"),
                    "CDPATH=/tmp resolve_self \"$1\"\necho \"$SELF $(pwd -P)\"\n", started), started);
        }
    }
}
