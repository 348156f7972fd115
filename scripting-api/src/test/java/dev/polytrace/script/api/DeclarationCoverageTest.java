package dev.polytrace.script.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.graalvm.polyglot.HostAccess;
import org.junit.jupiter.api.Test;

/**
 * The declarations shipped for handler authors must match what is exported: every member a guest
 * can reach (found by reflection, so a new export cannot be forgotten) is named in both files.
 */
class DeclarationCoverageTest {
    private static final String DTS = "/dev/polytrace/script/polytrace.d.ts";
    private static final String PYI = "/dev/polytrace/script/polytrace.pyi";

    /** Names guests use that are not Java members: proxy entries, options and handler functions. */
    private static final List<String> PROXY_NAMES = List.of("key", "value", "raw", "sum", "perCpu", "init");
    private static final List<String> JS_HANDLERS = List.of("onEvent", "onInterval", "onExit");
    private static final List<String> PYTHON_HANDLERS = List.of("on_event", "on_interval", "on_exit");

    @Test
    void everyExportedMemberIsDeclaredInBothFiles() throws Exception {
        Set<String> exported = exportedMemberNames();
        assertTrue(exported.containsAll(Set.of("params", "maps", "emit", "ksym", "usym", "now", "get", "set",
                "delete", "keys", "entries", "clear", "size", "counter", "gauge", "histogram", "inc", "observe",
                "log2", "linear", "info", "warn", "error", "debug")), "reflection found " + exported);
        String dts = resource(DTS);
        String pyi = resource(PYI);
        List<String> missing = new ArrayList<>();
        for (String name : concat(exported, PROXY_NAMES, JS_HANDLERS)) {
            if (!mentions(dts, name)) {
                missing.add("polytrace.d.ts: " + name);
            }
        }
        for (String name : concat(exported, PROXY_NAMES, PYTHON_HANDLERS)) {
            if (!mentions(pyi, name)) {
                missing.add("polytrace.pyi: " + name);
            }
        }
        assertEquals(List.of(), missing, "exported members missing from the declarations");
    }

    @Test
    void declarationsNameTheInterfaces() throws IOException {
        String dts = resource(DTS);
        String pyi = resource(PYI);
        for (String type : List.of("Ctx", "MapView", "Metrics", "Counter", "Gauge", "Histogram", "Hist", "Log")) {
            assertTrue(dts.contains("export interface " + type + " ") || dts.contains("export interface " + type + "<"),
                    "d.ts declares " + type);
            assertTrue(pyi.contains("class " + type + ":") || pyi.contains("class " + type + "("), "pyi declares " + type);
        }
        assertTrue(dts.contains("export type OnEvent"), "d.ts declares the handler types");
        assertTrue(pyi.contains("def on_event(event: Event, ctx: Ctx)"), "pyi shows the Python handler signature");
    }

    /** Exported fields and methods of every class of the api package. */
    private static Set<String> exportedMemberNames() throws IOException, URISyntaxException, ClassNotFoundException {
        Set<String> names = new TreeSet<>();
        for (Class<?> type : apiClasses()) {
            List<Member> members = new ArrayList<>(List.of(type.getDeclaredFields()));
            members.addAll(List.of(type.getDeclaredMethods()));
            for (Member m : members) {
                boolean export = m instanceof Field f ? f.isAnnotationPresent(HostAccess.Export.class)
                        : ((Method) m).isAnnotationPresent(HostAccess.Export.class);
                if (export) {
                    assertTrue(Modifier.isPublic(m.getModifiers()), m + " is exported but not public");
                    names.add(m.getName());
                }
            }
        }
        return names;
    }

    private static List<Class<?>> apiClasses() throws IOException, URISyntaxException, ClassNotFoundException {
        Path dir = Path.of(HandlerContext.class.getResource("HandlerContext.class").toURI()).getParent();
        List<Class<?>> classes = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String simple = p.getFileName().toString().replace(".class", "");
                classes.add(Class.forName(HandlerContext.class.getPackageName() + "." + simple));
            }
        }
        return classes;
    }

    private static boolean mentions(String text, String name) {
        return Pattern.compile("\\b" + Pattern.quote(name) + "\\b").matcher(text).find();
    }

    @SafeVarargs
    private static List<String> concat(Collection<String>... parts) {
        List<String> all = new ArrayList<>();
        for (Collection<String> p : parts) {
            all.addAll(p);
        }
        return all;
    }

    private static String resource(String path) throws IOException {
        try (InputStream in = DeclarationCoverageTest.class.getResourceAsStream(path)) {
            assertTrue(in != null, path + " is packaged");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
