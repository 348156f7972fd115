package dev.polytrace.host.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a confined build lets a source include, read as the preprocessor reads it. Pure Java. */
class IncludeConfinementTest {
    @Test
    void ordinaryIncludesPass() {
        IncludeConfinement.check("ok.bpf.c", """
                #include "vmlinux.h"
                #include <bpf/bpf_helpers.h>
                #  include "include/event.h" // a comment naming ../elsewhere is a comment
                /* #include "/etc/shadow" inside a comment */
                const char *s = "#include \\"/etc/shadow\\" in a string";
                #if __has_include(<bpf/bpf_core_read.h>)
                #endif
                """);
    }

    @Test
    void everySpellingOfAnEscapeIsRefusedWithItsLine() {
        Map<String, String> cases = Map.ofEntries(
                Map.entry("int a;\n#include \"/etc/shadow\"", "x.c:2: #include \"/etc/shadow\""),
                Map.entry("#include </etc/shadow>", "x.c:1: #include </etc/shadow>"),
                Map.entry("#include \"a/../../b.h\"", "x.c:1: #include \"a/../../b.h\""),
                Map.entry("#define H <x.h>\n#include H", "x.c:2: #include H"),
                Map.entry("%:include \"/etc/shadow\"", "x.c:1: #include \"/etc/shadow\""),
                Map.entry("??=include \"/etc/shadow\"", "x.c:1: #include \"/etc/shadow\""),
                Map.entry("#inc\\\nlude \"/etc/shadow\"", "x.c:1: #include \"/etc/shadow\""),
                Map.entry("# /*\n*/ include \"/etc/shadow\"", "x.c:1: #include \"/etc/shadow\""),
                Map.entry("#import \"/etc/shadow\"", "x.c:1: #import \"/etc/shadow\""),
                Map.entry("#embed \"/etc/shadow\"", "x.c:1: #embed \"/etc/shadow\""),
                Map.entry("#include_next <../shadow>", "x.c:1: #include_next <../shadow>"),
                Map.entry("#if __has_include(\"/etc/shadow\")\n#endif", "x.c:1: __has_include \"/etc/shadow\""),
                Map.entry("_Pragma(\"GCC dependency \\\"/etc/shadow\\\"\")", "x.c:1: #pragma dependency"));
        cases.forEach((source, start) -> {
            IncludeRefusedException e = assertThrows(IncludeRefusedException.class,
                    () -> IncludeConfinement.check("x.c", source), source);
            assertTrue(e.getMessage().startsWith(start + " is refused: "), source + " -> " + e.getMessage());
        });
        IncludeRefusedException raw = assertThrows(IncludeRefusedException.class,
                () -> IncludeConfinement.check("x.c", "#include </*/../etc/shadow>"));
        assertTrue(raw.getMessage().contains("is refused"), raw.getMessage());
    }

    @Test
    void bundlesCheckNamesAndWriteOnlyInsideTheirDirectory(@TempDir Path dir) throws Exception {
        for (String bad : List.of("../x.h", "/etc/x.h", "a/./b.h", ".hidden.h", "a//b.h", "")) {
            SourceBundle bundle = new SourceBundle("ok.bpf.c", "int x;\n", Map.of(bad, "int y;\n"));
            BuildException e = assertThrows(BuildException.class, bundle::check, bad);
            assertTrue(e.getMessage().startsWith("header name '" + bad + "': expected a relative path"), e.getMessage());
        }
        assertThrows(BuildException.class, () -> new SourceBundle("../ok.bpf.c", "", Map.of()).check());
        assertThrows(BuildException.class, () -> new SourceBundle("ok.h", "", Map.of()).check());

        Path source = new SourceBundle("ok.bpf.c", "#include \"inc/e.h\"\n", Map.of("inc/e.h", "int e;\n"))
                .writeTo(dir.resolve("build"));
        assertEquals(dir.resolve("build/ok.bpf.c"), source);
        assertEquals("int e;\n", Files.readString(dir.resolve("build/inc/e.h")));
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("build"))));
    }

    @Test
    void collectNamesHeadersByWhereTheyWereFound(@TempDir Path dir) throws Exception {
        Path src = Files.createDirectories(dir.resolve("src"));
        Path inc = Files.createDirectories(dir.resolve("inc"));
        Files.createDirectories(src.resolve("local"));
        Files.writeString(src.resolve("t.bpf.c"), "#include \"local/a.h\"\n#include <b.h>\n#include <linux/bpf.h>\n");
        Files.writeString(src.resolve("local/a.h"), "#include \"c.h\"\n");
        Files.writeString(src.resolve("local/c.h"), "int c;\n");
        Files.writeString(inc.resolve("b.h"), "int b;\n");
        SourceBundle bundle = SourceBundle.collect(src.resolve("t.bpf.c"), List.of(inc));
        assertEquals("t.bpf.c", bundle.sourceName());
        assertEquals(Map.of("local/a.h", "#include \"c.h\"\n", "local/c.h", "int c;\n", "b.h", "int b;\n"),
                bundle.headers());
    }
}
