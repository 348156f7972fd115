package dev.polytrace.host.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Declarations, /// blocks and the leading comment, read without a compiler. */
class SourceFileTest {

    @Test
    void declarationsWithTheirKindNameSectionAndLine() {
        SourceFile src = SourceFile.of(Path.of("p.bpf.c"), """
                #include "vmlinux.h"
                #define X(a) \\
                	(a + 1)
                const volatile int a = 1;
                char comm[16] SEC(".data.custom") = "x";
                struct {
                	__uint(type, BPF_MAP_TYPE_HASH);
                	__type(key, u32);
                } counts SEC(".maps");
                struct event { int pid; };
                static int helper(int x);
                SEC("kprobe/do_sys_openat2")
                int BPF_KPROBE(on_open, int dfd)
                {
                	if (dfd) { return 1; }
                	return 0;
                }
                SEC("xdp") int plain(struct xdp_md *ctx) { return 2; }
                """);
        assertEquals(List.of(
                "VARIABLE a null 4",
                "VARIABLE comm .data.custom 5",
                "MAP counts .maps 6",
                "OTHER  null 10",
                "OTHER  null 11",
                "FUNCTION on_open kprobe/do_sys_openat2 12",
                "FUNCTION plain xdp 18"),
                src.declarations().stream().map(d -> d.kind() + " " + d.name() + " " + d.section() + " " + d.line())
                        .toList());
        assertEquals("BPF_MAP_TYPE_HASH", src.declaration(Declaration.Kind.MAP, "counts").orElseThrow().mapType());
        assertEquals(List.of("vmlinux.h"), src.includes().stream().map(IncludeDirective::target).toList());
    }

    @Test
    void docBlocksDirectlyAboveAttachAndLooseOnesDoNot() {
        SourceFile src = SourceFile.of(Path.of("p.bpf.c"), """
                /// @options {"interval": 10}

                /// first line
                ///   second line
                const volatile int documented = 1;

                /// separated by a blank line

                const volatile int undocumented = 2;
                //// four slashes are not doc
                const volatile int quad = 3;
                int x; /// trailing is not doc
                const volatile int after = 4;
                """);
        assertEquals("first line second line", doc(src, "documented").help());
        assertEquals("", doc(src, "undocumented").help());
        assertEquals("", doc(src, "quad").help());
        assertEquals("", doc(src, "after").help());
        assertEquals(2, src.looseBlocks().size());
        assertEquals(List.of("options"), src.allAnnotations().stream().map(Annotation::tag).toList());
    }

    @Test
    void annotationJsonMayContinueOnTheNextDocLines() {
        SourceFile src = SourceFile.of(Path.of("p.bpf.c"), """
                /// help text
                /// @attach {"binary": "/bin/bash",
                ///          "symbol": "readline"}
                /// @unknown stays text
                SEC("uprobe") int f(void *ctx) { return 0; }
                """);
        DocBlock doc = src.declaration(Declaration.Kind.FUNCTION, "f").orElseThrow().doc();
        assertEquals(List.of(new Annotation("attach", "{\"binary\": \"/bin/bash\", \"symbol\": \"readline\"}", 2)),
                doc.annotations());
        assertEquals("help text @unknown stays text", doc.help());
    }

    @Test
    void descriptionIsTheFirstLineOfTheLeadingCommentWithoutLicenseLines() {
        assertEquals("opensnoop: trace open() calls", describe("""
                // SPDX-License-Identifier: GPL-2.0
                /* Copyright (c) 2024 Someone
                 *
                 * opensnoop: trace open() calls
                 * more detail
                 */
                #include "vmlinux.h"
                """));
        assertEquals("short one", describe("// short one\n// second\nint x;"));
        assertEquals("", describe("#include \"vmlinux.h\"\n/* not leading */\nint x;"));
        assertEquals("", describe("int x; // after code"));
    }

    @Test
    void stringsAndCharsDoNotConfuseTheLexer() {
        SourceFile src = SourceFile.of(Path.of("p.bpf.c"), """
                const volatile char a[8] = "//{;";
                const volatile char b = '}';
                /// doc of c
                const volatile int c = 1; /* { */
                """);
        assertEquals(List.of("a", "b", "c"), src.declarations().stream().map(Declaration::name).toList());
        assertEquals("doc of c", doc(src, "c").help());
        assertTrue(src.tokens().stream()
                .anyMatch(t -> t.kind() == CToken.Kind.STRING && t.stringValue().equals("//{;")));
    }

    private static DocBlock doc(SourceFile src, String variable) {
        return src.declaration(Declaration.Kind.VARIABLE, variable).orElseThrow().doc();
    }

    private static String describe(String text) {
        return SourceFile.of(Path.of("p.bpf.c"), text).leadingDescription();
    }
}
