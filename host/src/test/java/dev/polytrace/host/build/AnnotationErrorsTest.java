package dev.polytrace.host.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.polytrace.host.pkg.AttachTarget;
import dev.polytrace.host.pkg.PackageOptions;
import dev.polytrace.host.pkg.PackageOutputs.SampledMap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Annotation values and mistakes; every error names file:line. These fail before clang runs. */
class AnnotationErrorsTest {
    private static final String MAP = """
            struct {
            	__uint(type, BPF_MAP_TYPE_HASH);
            } counts SEC(".maps");
            """;
    private static final String PROGRAM = "SEC(\"uprobe\")\nint probe(void *ctx) { return 0; }\n";

    @TempDir
    Path dir;

    @Test
    void sampleValuesAndDefaults() {
        assertEquals(new SampledMap("m", "log2_hist", 1000, "(unit)", false, 1), sample("{\"type\": \"log2_hist\"}"));
        assertEquals(new SampledMap("m", "table", 250, "ms", true, 1),
                sample("{\"interval\": 250, \"unit\": \"ms\", \"clear_map\": true}"));
        assertEquals(new SampledMap("m", "linear_hist", 1000, "(unit)", false, 5),
                sample("{\"type\": \"linear_hist\", \"step\": 5}"));
    }

    @Test
    void attachValues() {
        assertEquals(new AttachTarget("2", "egress", null, null, null, null, null, null, null, null),
                AttachAnnotation.parse(new Annotation("attach", "{\"iface\": 2, \"direction\": \"egress\"}", 1),
                        "p.c"));
        assertEquals(new AttachTarget(null, null, null, null, 16L, null, null, "/sys/fs/cgroup", 49L, null),
                AttachAnnotation.parse(new Annotation("attach",
                        "{\"offset\": 16, \"cgroup\": \"/sys/fs/cgroup\", \"frequency\": 49}", 1), "p.c"));
    }

    @Test
    void optionsValues() {
        assertEquals(new PackageOptions(0, 1000, "continue", 8, 50), OptionsAnnotation.parse(new Annotation(
                "options", "{\"interval_ms\": 0, \"perf_buffer_pages\": 8, \"poll_timeout_ms\": 50}", 3), "p.c"));
    }

    @Test
    void malformedJsonNamesFileAndLine() throws IOException {
        assertEquals("bad.bpf.c:2: @sample: malformed JSON: Unexpected character ('}' (code 125)): was expecting "
                + "double-quote to start field name in {\"interval\": 1000,}",
                buildError("// x\n/// @sample {\"interval\": 1000,}\n" + MAP));
        assertEquals("bad.bpf.c:1: @attach: malformed JSON: Unrecognized token 'lo': was expecting (JSON String, "
                + "Number, Array, Object or token 'null', 'true' or 'false') in {\"iface\": lo}",
                buildError("/// @attach {\"iface\": lo}\n" + PROGRAM));
    }

    @Test
    void wrongFieldsAndValuesNameTheField() throws IOException {
        assertEquals("bad.bpf.c:1: @sample: unknown field \"intervall\" (known: clear_map, interval, step, type, unit)",
                buildError("/// @sample {\"intervall\": 10}\n" + MAP));
        assertEquals("bad.bpf.c:1: @sample: \"type\" must be one of log2_hist, linear_hist, default_kv, table, "
                + "not \"hist\"", buildError("/// @sample {\"type\": \"hist\"}\n" + MAP));
        assertEquals("bad.bpf.c:1: @sample: \"step\" only applies to \"type\": \"linear_hist\"",
                buildError("/// @sample {\"step\": 2}\n" + MAP));
        assertEquals("bad.bpf.c:1: @attach: \"retprobe\" must be true or false",
                buildError("/// @attach {\"retprobe\": \"yes\"}\n" + PROGRAM));
        assertEquals("bad.bpf.c:1: @attach: \"pid\" must be at least -1, not -2",
                buildError("/// @attach {\"pid\": -2}\n" + PROGRAM));
        assertEquals("bad.bpf.c:1: @options: \"on_handler_error\" must be one of continue, stop, not \"ignore\"",
                buildError("/// @options {\"on_handler_error\": \"ignore\"}\n\n" + PROGRAM));
        assertEquals("bad.bpf.c:1: @options: \"perf_buffer_pages\" must be a power of two, not 3",
                buildError("/// @options {\"perf_buffer_pages\": 3}\n\n" + PROGRAM));
        assertEquals("bad.bpf.c:1: @sample: expected a JSON object, e.g. {\"interval\": 1000, \"type\": \"log2_hist\", "
                + "\"unit\": \"usecs\"}", buildError("/// @sample\n" + MAP));
    }

    @Test
    void misplacedAnnotations() throws IOException {
        assertEquals("bad.bpf.c:1: @sample must be directly above a map definition, but it is above a function "
                + "('probe')", buildError("/// @sample {}\n" + PROGRAM));
        assertEquals("bad.bpf.c:1: @attach must be directly above a function, but it is above a map definition "
                + "('counts')", buildError("/// @attach {}\n" + MAP));
        assertEquals("bad.bpf.c:1: @attach must be directly above a function (no blank line or other comment "
                + "between)", buildError("/// @attach {}\n\n" + PROGRAM));
        assertEquals("bad.bpf.c:1: @hidden must be directly above a map definition or a global variable, but it is "
                + "above a function ('probe')", buildError("/// @hidden\n" + PROGRAM));
        assertEquals("bad.bpf.c:2: @sample is repeated above 'counts'",
                buildError("/// @sample {}\n/// @sample {}\n" + MAP));
        assertEquals("bad.bpf.c:3: @options is repeated (first at line 1)",
                buildError("/// @options {}\n\n/// @options {}\n"));
    }

    @Test
    void nameMustBeUsableAsAFileName() throws IOException {
        Path source = dir.resolve("ok.bpf.c");
        Files.writeString(source, "int x;\n");
        BuildException e = assertThrows(BuildException.class,
                () -> TracerBuilder.build(BuildRequest.of(source).withName("../evil")));
        assertEquals("tracer name '../evil' must start with a letter or digit and contain only letters, digits, "
                + "'_', '.' and '-'; choose one with --name", e.getMessage());
    }

    @Test
    void aMissingSourceIsNamed() {
        BuildException e = assertThrows(BuildException.class,
                () -> TracerBuilder.build(BuildRequest.of(dir.resolve("nope.bpf.c"))));
        assertEquals(dir.resolve("nope.bpf.c") + ": no such file", e.getMessage());
    }

    private SampledMap sample(String json) {
        return SampleAnnotation.parse("m", new Annotation("sample", json, 1), "p.c");
    }

    /** Builds the text as bad.bpf.c with a clang that does not exist: annotation errors come first. */
    private String buildError(String text) throws IOException {
        Path source = dir.resolve("bad.bpf.c");
        Files.writeString(source, text);
        BuildRequest request = BuildRequest.of(source)
                .withToolchain(Toolchain.system().withClang("/nonexistent/clang").withCacheDir(dir));
        return assertThrows(BuildException.class, () -> TracerBuilder.build(request)).getMessage();
    }
}
