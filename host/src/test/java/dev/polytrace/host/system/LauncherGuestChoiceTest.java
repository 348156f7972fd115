package dev.polytrace.host.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's choice of JVM by the handler languages a command may run: none (no JVMCI, no
 * Graal jars), js or python (the Graal JIT and an AOT cache of that language's classes), or all
 * when the command may run either or the launcher cannot tell. Its own bash functions, taken
 * from {@code ./polytrace}, run on the arguments a user types.
 */
class LauncherGuestChoiceTest {
    private static LauncherFunctions launcher;

    @TempDir
    Path dir;

    @BeforeAll
    static void readLauncher() throws IOException {
        launcher = LauncherFunctions.of("choose_guests", "run_guests", "handler_guest", "job_flags", "aot_flavour",
                "class_path");
    }

    @BeforeEach
    void packages() throws IOException {
        Files.writeString(dir.resolve("plain.tracer.json"), "{\"name\": \"plain\", \"object\": \"AAAA\"}");
        Files.writeString(dir.resolve("scripted.tracer.json"),
                "{\"name\": \"s\", \"handler\": {\"language\": \"js\", \"source\": \"\"}}");
        Files.writeString(dir.resolve("snake.tracer.json"),
                "{\"name\": \"s\",\n  \"handler\": {\n    \"language\":\"python\", \"source\": \"\"}}");
        Files.writeString(dir.resolve("out.json"), "{}");
    }

    @Test
    void aLocalPackageWithoutHandlerAndCommandsWithoutOneRunNone() throws Exception {
        assertEquals("none", guests("run", "plain.tracer.json", "--json"));
        assertEquals("none", guests("run", "-p", "pid=1", "plain.tracer.json", "-d", "1s"));
        assertEquals("none", guests("inspect", "scripted.tracer.json"));
        assertEquals("none", guests("list"));
    }

    @Test
    void aHandlersLanguageComesFromItsFileOrThePackage() throws Exception {
        assertEquals("js", guests("run", "scripted.tracer.json"));
        assertEquals("python", guests("run", "snake.tracer.json", "--json"));
        assertEquals("js", guests("run", "plain.tracer.json", "--handler", "h.js"));
        assertEquals("python", guests("run", "--handler=h.py", "plain.tracer.json"));
        assertEquals("python", guests("run", "scripted.tracer.json", "--handler", "h.py")); // replaces its own
    }

    /** A package too large to read in bash is searched by grep, with the same answers. */
    @Test
    void aLargePackagesLanguageIsFoundAsWell() throws Exception {
        String object = "A".repeat(300_000);
        Files.writeString(dir.resolve("big-plain.tracer.json"), "{\"name\": \"p\", \"object\": \"" + object + "\"}");
        Files.writeString(dir.resolve("big-snake.tracer.json"), "{\"name\": \"s\", \"object\": \"" + object
                + "\",\n \"handler\": {\"language\": \"py\", \"source\": \"\"}}");
        Files.writeString(dir.resolve("big-js.tracer.json"), "{\"handler\": {\"language\": \"js\"}, \"object\": \""
                + object + "\"}");
        assertEquals("none", guests("run", "big-plain.tracer.json"));
        assertEquals("python", guests("run", "big-snake.tracer.json"));
        assertEquals("js", guests("run", "big-js.tracer.json"));
    }

    @Test
    void whatCannotBeToldOrMayRunEitherRunsAll() throws Exception {
        assertEquals("all", guests("run", "execsnoop")); // bundled: may have a handler
        assertEquals("all", guests("run", "-")); // stdin
        assertEquals("all", guests("run", "https://example.org/x.tracer.json"));
        assertEquals("all", guests("run", "-o", "out.json", "execsnoop")); // an output file is no package
        assertEquals("all", guests("run", "missing.tracer.json"));
        for (String command : List.of("serve", "repl", "doctor", "")) {
            assertEquals("all", guests(command), command);
        }
    }

    @Test
    void eachSetOfLanguagesHasACacheOfItsOwn() throws Exception {
        assertEquals("G1GC-python", cache("run", "snake.tracer.json"));
        assertEquals("G1GC-js", cache("run", "scripted.tracer.json"));
        assertEquals("G1GC-all", cache("run", "execsnoop"));
        assertEquals("SerialGC-plain", cache("run", "plain.tracer.json"));
        assertEquals("SerialGC-plain", cache("inspect", "execsnoop"));
        assertEquals("SerialGC-all", cache("doctor"));
        assertEquals("G1GC-all-daemon", cache("serve"));
    }

    @Test
    void theClassPathHoldsTheJarsOfTheLanguagesTheCommandMayStartOnly() throws Exception {
        assertEquals("L/*:L/js/*:host.jar:scripts.jar", classPath("run", "scripted.tracer.json"));
        assertEquals("L/*:L/python/*:host.jar:scripts.jar", classPath("run", "snake.tracer.json"));
        assertEquals("L/*:host.jar:scripts.jar", classPath("run", "plain.tracer.json"));
        assertEquals("L/*:L/python/*:L/js/*:host.jar:scripts.jar", classPath("run", "execsnoop"));
        assertEquals("L/*:L/python/*:L/js/*:host.jar:scripts.jar", classPath("serve"));
        // a release's jars are all in lib
        assertEquals("L/*:L/js/*", bash("RELEASE=1 LIB_DIR=L GUESTS=js\nclass_path\nprintf %s \"$CLASS_PATH\"\n"));
    }

    /** The AOT cache's flavour for a command, with the launcher's own GC choice. */
    private String cache(String... args) throws IOException, InterruptedException {
        return bash("choose_guests \"$@\"\njob_flags \"${1:-}\"\naot_flavour \"${1:-}\"\necho \"$AOT_FLAVOUR\"\n", args);
    }

    private String classPath(String... args) throws IOException, InterruptedException {
        return bash("RELEASE= LIB_DIR=L JARS=(host.jar scripts.jar)\nchoose_guests \"$@\"\nclass_path\n"
                + "printf %s \"$CLASS_PATH\"\n", args);
    }

    private String guests(String... args) throws IOException, InterruptedException {
        return bash("choose_guests \"$@\"\necho \"$GUESTS\"\n", args);
    }

    private String bash(String script, String... args) throws IOException, InterruptedException {
        return launcher.bash(dir, script, args);
    }
}
