package dev.polytrace.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polytrace.bpf.testing.KernelTest;
import dev.polytrace.host.build.BuildFixtures;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each handler language runs on the class path the launcher gives a run that starts it alone:
 * without the other language's own jars, which host/pom.xml names and copies to target/lib/js
 * and target/lib/python. A jar on one language's list that the other needs fails here, not in a
 * user's run.
 */
@KernelTest
class LanguageClassPathKernelTest {
    private static final Duration WAIT = Duration.ofSeconds(90);

    @BeforeAll
    static void toolchain() {
        BuildFixtures.assumeToolchain();
    }

    // The handlers use what a language loads only when first used (regular expressions, JSON,
    // number formats, modules of the standard library): a jar missing for those fails too.
    @Test
    void aJsHandlerRunsWithoutGraalPysJars() throws Exception {
        handlerRunsWithout("polytrace.python.only.jars", ".js", """
                export function onEvent(event, ctx) {
                  const ok = /^(\\d+)$/.test(String(event.pid)) && JSON.parse(JSON.stringify({a: [1]})).a[0] === 1
                      && (1234.5).toLocaleString('en-US') === '1,234.5' && 'a-b'.split(/-/).length === 2;
                  ctx.emit({pid: event.pid, language: ok ? 'js' : 'js, but not all of it worked'});
                }
                """, "js");
    }

    @Test
    void aPythonHandlerRunsWithoutGraalJsJars() throws Exception {
        handlerRunsWithout("polytrace.js.only.jars", ".py", """
                import json, re

                def on_event(event, ctx):
                    ok = re.fullmatch(r'\\d+', str(event.pid)) is not None and json.loads(json.dumps({'a': [1]}))['a'][0] == 1
                    ok = ok and '{:,}'.format(1234) == '1,234' and 'a-b'.split('-') == ['a', 'b']
                    ctx.emit({'pid': event.pid, 'language': 'python' if ok else 'python, but not all of it worked'})
                """, "python");
    }

    private static void handlerRunsWithout(String otherLanguagesJars, String suffix, String source, String language)
            throws Exception {
        String classPath = withoutArtifacts(System.getProperty("java.class.path"), otherLanguagesJars);
        Path handler = Files.createTempFile("language-class-path", suffix);
        Path output = Files.createTempFile("language-class-path", ".out");
        try {
            Files.writeString(handler, source);
            Process run = ForkedCli.startOn(classPath, output, "run", RunFixtures.packageFile("execs").toString(),
                    "--json", "--handler", handler.toString(), "--param", "parent=" + ProcessHandle.current().pid());
            try {
                ForkedCli.awaitOutput(run, output, "polytrace: tracing", WAIT);
                Process child = new ProcessBuilder("/bin/true").start();
                assertEquals(0, child.waitFor());
                ForkedCli.awaitOutput(run, output,
                        "{\"pid\":" + child.pid() + ",\"language\":\"" + language + "\"}", WAIT);
                run.destroy(); // SIGTERM: detach, exit 0
                assertTrue(run.waitFor(30, TimeUnit.SECONDS));
                assertEquals(0, run.exitValue(), Files.readString(output));
            } finally {
                run.destroyForcibly();
            }
        } finally {
            Files.deleteIfExists(handler);
            Files.deleteIfExists(output);
        }
    }

    /**
     * {@code classPath} without the jars of the artifacts the system property names (as the
     * build passes the pom's list); each must be there exactly once, so a name on the list that
     * is no dependency fails too.
     */
    private static String withoutArtifacts(String classPath, String property) {
        String names = System.getProperty(property, "");
        assertFalse(names.isBlank(), property + " is not set (host/pom.xml passes it to the tests)");
        List<String> kept = new ArrayList<>(List.of(classPath.split(File.pathSeparator)));
        for (String artifact : names.split(",")) {
            List<String> jars = kept.stream().filter(entry -> isJarOf(entry, artifact.strip())).toList();
            assertEquals(1, jars.size(), "jars of " + artifact + " on the class path: " + jars);
            kept.removeAll(jars);
        }
        return String.join(File.pathSeparator, kept);
    }

    /** ARTIFACT-VERSION.jar, the version starting with a digit ("truffle-nfi" is not "truffle-nfi-libffi"). */
    private static boolean isJarOf(String entry, String artifact) {
        String name = Path.of(entry).getFileName().toString();
        return name.endsWith(".jar") && name.startsWith(artifact + "-") && name.length() > artifact.length() + 1
                && Character.isDigit(name.charAt(artifact.length() + 1));
    }
}
