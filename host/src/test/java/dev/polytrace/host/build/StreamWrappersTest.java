package dev.polytrace.host.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.polytrace.host.build.EventStreamSource.Stream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Record types found through the source's own helpers around libbpf's, in the source and in the
 * headers it includes, as libbpf-tools write them; no compiler needed.
 */
class StreamWrappersTest {
    private static final String PERF_MAP = """
            struct {
            	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
            	__uint(key_size, sizeof(int));
            	__uint(value_size, sizeof(int));
            } events SEC(".maps");
            """;

    @TempDir
    Path dir;

    @Test
    void reserveAndSubmitWrappersOfAnIncludedHeaderWhoseMapItDefines() throws IOException {
        Path header = write("compat.bpf.h", """
                #include <vmlinux.h>
                struct {
                	__uint(type, BPF_MAP_TYPE_RINGBUF);
                	__uint(max_entries, 4096);
                } events SEC(".maps");
                static __always_inline void *reserve_buf(__u64 size)
                {
                	if (bpf_core_type_exists(struct bpf_ringbuf))
                		return bpf_ringbuf_reserve(&events, size, 0);
                	return bpf_map_lookup_elem(&heap, &zero);
                }
                static __always_inline long submit_buf(void *ctx, void *buf, __u64 size)
                {
                	if (bpf_core_type_exists(struct bpf_ringbuf)) {
                		bpf_ringbuf_submit(buf, 0);
                		return 0;
                	}
                	return bpf_perf_event_output(ctx, &events, BPF_F_CURRENT_CPU, buf, size);
                }
                """);
        List<Stream> streams = find("""
                #include "compat.bpf.h"
                int f(void *ctx) {
                	struct event *eventp;
                	eventp = reserve_buf(sizeof(*eventp));
                	if (!eventp)
                		return 0;
                	submit_buf(ctx, eventp, sizeof(*eventp));
                	return 0;
                }""");
        assertEquals(List.of(new Stream("events", "ringbuf", "struct event", new SourceLine(header, 2))), streams);
    }

    @Test
    void aHelperPassingItsDataParameterToPerfEventOutput() throws IOException {
        assertEquals("struct data_t", type(PERF_MAP + """
                static __always_inline void emit(void *ctx, void *data, __u32 size)
                {
                	bpf_perf_event_output(ctx, &events, BPF_F_CURRENT_CPU, data, size);
                }
                int f(void *ctx) {
                	struct data_t data = {};
                	emit(ctx, &data, sizeof(data));
                	return 0;
                }"""));
        assertEquals("struct sized", type(PERF_MAP + """
                static void emit(void *ctx, void *data, __u32 size)
                {
                	bpf_perf_event_output(ctx, &events, BPF_F_CURRENT_CPU, data, size);
                }
                int f(void *ctx, void *raw) {
                	emit(ctx, raw, sizeof(struct sized));
                	return 0;
                }"""), "a void pointer falls back to the size argument");
    }

    @Test
    void aHelperTakingTheMapAsWellAndAWrapperOfThatHelper() throws IOException {
        assertEquals("struct data_t", type(PERF_MAP + """
                static void output(void *ctx, void *map, void *data, __u32 size)
                {
                	bpf_perf_event_output(ctx, map, BPF_F_CURRENT_CPU, data, size);
                }
                static void output_event(void *ctx, void *e)
                {
                	output(ctx, &events, e, 64);
                }
                int f(void *ctx) {
                	struct data_t *d = get();
                	output_event(ctx, d);
                	return 0;
                }"""));
    }

    @Test
    void functionLikeMacrosWrappingTheHelpers() throws IOException {
        String ringbuf = """
                struct {
                	__uint(type, BPF_MAP_TYPE_RINGBUF);
                } rb SEC(".maps");
                """;
        assertEquals("struct reserved", type(ringbuf + """
                #define RESERVE(size) ((void *)bpf_ringbuf_reserve(&rb, (size), 0))
                int f(void *ctx) {
                	struct reserved *r = RESERVE(sizeof(*r));
                	return 0;
                }"""));
        assertEquals("struct submitted", type(PERF_MAP + """
                #define SUBMIT(ctx, e) \\
                	bpf_perf_event_output(ctx, &events, BPF_F_CURRENT_CPU, e, sizeof(*(e)))
                int f(void *ctx) {
                	struct submitted *s = lookup();
                	SUBMIT(ctx, s);
                	return 0;
                }"""));
        assertEquals("struct by_value", type(ringbuf + """
                #define OUTPUT(x) bpf_ringbuf_output(&rb, &(x), sizeof(x), 0)
                int f(void *ctx) {
                	struct by_value v = {};
                	OUTPUT(v);
                	return 0;
                }"""), "the macro takes the record's address itself");
    }

    @Test
    void aWrapperThatHidesTheTypeStillAsksForIt() throws IOException {
        BuildException e = assertThrows(BuildException.class, () -> find(PERF_MAP + """
                static void emit(void *ctx, void *data, __u32 size)
                {
                	bpf_perf_event_output(ctx, &events, BPF_F_CURRENT_CPU, data, size);
                }
                int f(void *ctx, void *raw, __u32 n) {
                	emit(ctx, raw, n);
                	return 0;
                }"""));
        assertEquals("prog.bpf.c:1: cannot tell the record type of perf event array map 'events': no "
                + "bpf_perf_event_output call on it, direct or through a helper function, shows a typed record; "
                + "add '/// @event struct NAME' above the map's definition or build with "
                + "'--event events=struct NAME'", e.getMessage());
    }

    @Test
    void headersComeFromBesideTheIncluderAndTheIncludeDirsNeverFromTheSystem() throws IOException {
        Path include = Files.createDirectories(dir.resolve("include"));
        Files.createDirectories(include.resolve("sub"));
        Files.writeString(include.resolve("sub/outer.h"), "#include \"inner.h\"\n#include <vmlinux.h>\n");
        Files.writeString(include.resolve("sub/inner.h"), "struct inner { int x; };\n");
        Path source = write("prog.bpf.c", """
                #include <bpf/bpf_helpers.h>
                #include <sub/outer.h>
                #include "missing.h"
                """);

        SourceTree tree = SourceTree.read(SourceFile.read(source), List.of(dir, include));

        assertEquals(List.of(include.resolve("sub/outer.h"), include.resolve("sub/inner.h")),
                tree.headers().stream().map(SourceFile::path).toList());
        assertEquals(true, tree.needsGeneratedVmlinux());
        Files.writeString(include.resolve("vmlinux.h"), "/* the user's own */\n");
        assertEquals(false, SourceTree.read(SourceFile.read(source), List.of(dir, include)).needsGeneratedVmlinux());
    }

    @Test
    void anEventAnnotationInAHeaderCounts() throws IOException {
        Path header = write("maps.h", """
                /// @event struct chosen
                struct {
                	__uint(type, BPF_MAP_TYPE_RINGBUF);
                } out SEC(".maps");
                """);
        assertEquals(List.of(new Stream("out", "ringbuf", "struct chosen", new SourceLine(header, 2))),
                find("#include \"maps.h\"\n"));
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private List<Stream> find(String source) throws IOException {
        Path file = write("prog.bpf.c", source);
        return EventStreamSource.find(SourceTree.read(SourceFile.read(file), List.of(dir)), List.of());
    }

    private String type(String source) throws IOException {
        List<Stream> streams = find(source);
        assertEquals(1, streams.size(), streams.toString());
        return streams.get(0).type();
    }
}
