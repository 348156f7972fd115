package dev.polytrace.host.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.polytrace.host.build.EventStreamSource.Stream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Record types of stream maps, inferred from helper calls or annotated; no compiler needed. */
class EventStreamSourceTest {
    private static final String RINGBUF = """
            struct {
            	__uint(type, BPF_MAP_TYPE_RINGBUF);
            	__uint(max_entries, 4096);
            } rb SEC(".maps");
            """;
    private static final String PERF = """
            struct {
            	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
            	__uint(key_size, sizeof(int));
            	__uint(value_size, sizeof(int));
            } events SEC(".maps");
            """;

    @Test
    void reserveIntoADeclaredPointer() {
        assertEquals(List.of(new Stream("rb", "ringbuf", "struct event", 1)), find(RINGBUF + """
                int f(void *ctx) {
                	struct event *e = bpf_ringbuf_reserve(&rb, sizeof(*e), 0);
                	return 0;
                }"""));
    }

    @Test
    void reserveIntoAPointerDeclaredEarlierOrThroughACast() {
        assertEquals("struct event", type(RINGBUF + """
                int f(void *ctx) {
                	const struct event *e;
                	int pid = 1;
                	e = bpf_ringbuf_reserve(&rb, sizeof(*e), 0);
                	return 0;
                }"""));
        assertEquals("struct cast_target", type(RINGBUF + """
                int f(void *ctx) {
                	void *p = (struct cast_target *)bpf_ringbuf_reserve(&rb, 64, 0);
                	return 0;
                }"""));
    }

    @Test
    void aVoidPointerFallsBackToTheSizeofType() {
        assertEquals("struct sized", type(RINGBUF + """
                int f(void *ctx) {
                	void *p = bpf_ringbuf_reserve(&rb, sizeof(struct sized), 0);
                	return 0;
                }"""));
        assertEquals("event_t", type(RINGBUF + """
                int f(void *ctx) {
                	void *p = bpf_ringbuf_reserve(&rb, sizeof(event_t), 0);
                	return 0;
                }"""));
    }

    @Test
    void ringbufOutputOfAStackValueOrAPointer() {
        assertEquals("struct event", type(RINGBUF + """
                int f(void *ctx) {
                	struct event e = {};
                	bpf_ringbuf_output(&rb, &e, sizeof(e), 0);
                	return 0;
                }"""));
        assertEquals("event_t", type(RINGBUF + """
                static void g(event_t *p) {
                	bpf_ringbuf_output(&rb, p, sizeof(*p), 0);
                }"""));
    }

    @Test
    void perfEventOutputOfAStackValueOrAPointer() {
        assertEquals(List.of(new Stream("events", "perf", "struct data_t", 1)), find(PERF + """
                int f(void *ctx) {
                	struct data_t data = {};
                	bpf_perf_event_output(ctx, &events, BPF_F_CURRENT_CPU, &data, sizeof(data));
                	return 0;
                }"""));
        assertEquals("struct data_t", type(PERF + """
                int f(struct pt_regs *ctx, struct data_t *d) {
                	bpf_perf_event_output(ctx, &events, BPF_F_CURRENT_CPU, d, sizeof(*d));
                	return 0;
                }"""));
    }

    @Test
    void theAnnotationWinsOverInference() {
        assertEquals("struct chosen", type("/// @event struct chosen\n" + RINGBUF + """
                int f(void *ctx) {
                	struct first *a = bpf_ringbuf_reserve(&rb, sizeof(*a), 0);
                	struct second *b = bpf_ringbuf_reserve(&rb, sizeof(*b), 0);
                	return 0;
                }"""));
    }

    @Test
    void differentTypesWithoutAnnotationAskForOne() {
        BuildException e = assertThrows(BuildException.class, () -> find(RINGBUF + """
                int f(void *ctx) {
                	struct first *a = bpf_ringbuf_reserve(&rb, sizeof(*a), 0);
                	struct second *b = bpf_ringbuf_reserve(&rb, sizeof(*b), 0);
                	return 0;
                }"""));
        assertEquals("prog.bpf.c:1: ring buffer map 'rb' is written with different types (struct first at line 6, "
                + "struct second at line 7); add '/// @event TYPE' (e.g. '/// @event struct event') above its "
                + "definition to choose one", e.getMessage());
    }

    @Test
    void noTypedWriteAsksForTheAnnotation() {
        BuildException e = assertThrows(BuildException.class, () -> find("\n" + PERF + """
                static void emit(void *ctx, void *map, void *data, int n) {
                	bpf_perf_event_output(ctx, map, 0, data, n);
                }"""));
        assertEquals("prog.bpf.c:2: cannot tell the record type of perf event array map 'events': no "
                + "bpf_perf_event_output call on it shows a typed record; add '/// @event TYPE' (e.g. '/// @event "
                + "struct event') above its definition", e.getMessage());
    }

    @Test
    void anEventAnnotationAboveAnotherMapIsAnError() {
        BuildException e = assertThrows(BuildException.class, () -> find("""
                /// @event struct event
                struct {
                	__uint(type, BPF_MAP_TYPE_HASH);
                } counts SEC(".maps");
                """));
        assertEquals("prog.bpf.c:1: @event is above map 'counts', which is not a ring buffer or perf event array",
                e.getMessage());
    }

    @Test
    void aMalformedEventTypeIsAnError() {
        BuildException e = assertThrows(BuildException.class, () -> find("/// @event struct {\n" + RINGBUF));
        assertEquals("prog.bpf.c:1: @event: expected a type name such as 'struct event' or 'event_t', got "
                + "'struct {'", e.getMessage());
    }

    @Test
    void writesToAMapDefinedInAHeaderAreInferredToo() {
        assertEquals(List.of(new Stream("shared_rb", "ringbuf", "struct event", 3)), find("""
                #include "maps.h"
                int f(void *ctx) {
                	struct event *e = bpf_ringbuf_reserve(&shared_rb, sizeof(*e), 0);
                	return 0;
                }"""));
    }

    @Test
    void callsInCommentsStringsAndMacrosDoNotCount() {
        assertEquals("struct real", type(RINGBUF + """
                // struct fake *x = bpf_ringbuf_reserve(&rb, sizeof(*x), 0);
                #define RESERVE(t) (t *)bpf_ringbuf_reserve(&rb, sizeof(t), 0)
                const char *s = "bpf_ringbuf_output(&rb, &y, sizeof(y), 0)";
                int f(void *ctx) {
                	/* struct fake2 *z = bpf_ringbuf_reserve(&rb, 8, 0); */
                	struct real *r = bpf_ringbuf_reserve(&rb, sizeof(*r), 0);
                	return 0;
                }"""));
    }

    private static List<Stream> find(String source) {
        return EventStreamSource.find(SourceFile.of(Path.of("prog.bpf.c"), source));
    }

    private static String type(String source) {
        List<Stream> streams = find(source);
        assertEquals(1, streams.size(), streams.toString());
        return streams.get(0).type();
    }
}
