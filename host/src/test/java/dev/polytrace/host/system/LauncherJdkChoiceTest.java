package dev.polytrace.host.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's JDK: {@code $JAVA_HOME} when it is a JDK of 21 or later, else the newest such JDK
 * among the JVM directory's entries (by the version their release file gives, not by name).
 */
class LauncherJdkChoiceTest {
    private static LauncherFunctions launcher;

    @TempDir
    Path dir;

    @BeforeAll
    static void readLauncher() throws IOException {
        launcher = LauncherFunctions.of("java_major", "find_jdk", "is_jdk");
    }

    @Test
    void theNewestJdkOfTheDirectoryUnlessJavaHomeIsOne() throws Exception {
        jdk("java-17-openjdk-amd64", "17.0.13");
        jdk("temurin-21-jdk-amd64", "21.0.5");
        jdk("zulu-25-jre", "25.0.1").resolve("bin/javac").toFile().delete(); // a runtime, not a JDK
        jdk("openjdk-25", "25.0.3");
        Files.createDirectories(dir.resolve("jvm/empty"));
        assertEquals("openjdk-25 25", chosen(""));
        assertEquals("temurin-21-jdk-amd64 21", chosen(dir.resolve("jvm/temurin-21-jdk-amd64").toString()));
        assertEquals("openjdk-25 25", chosen(dir.resolve("jvm/java-17-openjdk-amd64").toString()), "too old a JAVA_HOME");
        assertEquals("none", launcher.bash(dir, "JVM_DIR=$PWD/nowhere; unset JAVA_HOME\nfind_jdk || echo none"));
    }

    /** What find_jdk picks with JAVA_HOME set so (empty: unset): the JDK's directory name and feature version. */
    private String chosen(String javaHome) throws Exception {
        String home = javaHome.isEmpty() ? "unset JAVA_HOME" : "export JAVA_HOME='" + javaHome + "'";
        return launcher.bash(dir, "JVM_DIR=$PWD/jvm; " + home + "\nfind_jdk\necho \"${JDK##*/} $JAVA_MAJOR\"");
    }

    /** A JDK directory as the launcher checks one: bin/java, bin/javac and a release file. */
    private Path jdk(String name, String version) throws IOException {
        Path home = dir.resolve("jvm").resolve(name);
        Files.createDirectories(home.resolve("bin"));
        for (String tool : new String[] {"java", "javac"}) {
            Path file = home.resolve("bin").resolve(tool);
            Files.writeString(file, "#!/bin/sh\nexit 1\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"test\"\nJAVA_VERSION=\"" + version + "\"\n");
        return home;
    }
}
