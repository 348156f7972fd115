package dev.polytrace.host.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polytrace.host.build.EventStreamSource.Stream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Record types of stream maps, inferred from helper calls or annotated; no compiler needed. */
class EventStreamSourceTest {
    private static final Path PROG = Path.of("prog.bpf.c");
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
        assertEquals(List.of(new Stream("rb", "ringbuf", "struct event", at(1))), find(RINGBUF + """
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
        assertEquals(List.of(new Stream("events", "perf", "struct data_t", at(1))), find(PERF + """
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
        assertEquals("prog.bpf.c:1: ring buffer map 'rb' is written with different types (struct first at "
                + "prog.bpf.c:6, struct second at prog.bpf.c:7); add '/// @event struct NAME' above the map's "
                + "definition or build with '--event rb=struct NAME' to choose one", e.getMessage());
    }

    @Test
    void noTypedWriteAsksForTheAnnotationOrTheOption() {
        BuildException e = assertThrows(BuildException.class, () -> find("\n" + PERF + """
                static void emit(void *ctx, void *map, void *data, int n) {
                	bpf_perf_event_output(ctx, map, 0, data, n);
                }"""));
        assertEquals("prog.bpf.c:2: cannot tell the record type of perf event array map 'events': no "
                + "bpf_perf_event_output call on it, direct or through a helper function, shows a typed record; "
                + "add '/// @event struct NAME' above the map's definition or build with "
                + "'--event events=struct NAME'", e.getMessage());
    }

    @Test
    void theEventOptionWinsOverTheAnnotationAndInference() {
        List<Stream> streams = find("/// @event struct annotated\n" + RINGBUF + """
                int f(void *ctx) {
                	struct inferred *e = bpf_ringbuf_reserve(&rb, sizeof(*e), 0);
                	return 0;
                }""", List.of(EventTypeOverride.parse("rb=struct   chosen")));
        EventTypeOverride option = new EventTypeOverride("rb", "struct chosen");
        assertEquals(List.of(new Stream("rb", "ringbuf", "struct chosen", option)), streams);
        assertEquals("--event rb=struct chosen", option.label());
        assertEquals("#line 1 \"--event rb=struct chosen\"", option.lineDirective(),
                "clang names the option should the type not exist");
    }

    @Test
    void theEventOptionMustNameAStreamMapOfTheSource() {
        String source = RINGBUF + """
                struct {
                	__uint(type, BPF_MAP_TYPE_HASH);
                } counts SEC(".maps");
                int f(void *ctx) {
                	struct event *e = bpf_ringbuf_reserve(&rb, sizeof(*e), 0);
                	return 0;
                }""";
        BuildException unknown = assertThrows(BuildException.class,
                () -> find(source, List.of(EventTypeOverride.parse("rbb=struct event"))));
        assertEquals("--event rbb=struct event: prog.bpf.c and the headers it includes define or write no ring "
                + "buffer or perf event array map 'rbb' (they have: rb)", unknown.getMessage());
        BuildException hash = assertThrows(BuildException.class,
                () -> find(source, List.of(EventTypeOverride.parse("counts=struct event"))));
        assertTrue(hash.getMessage().contains("no ring buffer or perf event array map 'counts'"), hash.getMessage());
    }

    @Test
    void malformedEventOptionsAreOneLineEach() {
        assertEquals(new EventTypeOverride("events", "event_t"), EventTypeOverride.parse(" events=event_t "));
        assertEquals("--event events: expected MAP=TYPE with MAP a map's name, e.g. --event events=struct event",
                assertThrows(BuildException.class, () -> EventTypeOverride.parse("events")).getMessage());
        assertEquals("--event =struct event: expected MAP=TYPE with MAP a map's name, e.g. --event events=struct "
                + "event", assertThrows(BuildException.class, () -> EventTypeOverride.parse("=struct event"))
                .getMessage());
        assertEquals("--event events=struct event *: expected a type name such as 'struct event' or 'event_t' after "
                + "'=', got 'struct event *'", assertThrows(BuildException.class,
                        () -> EventTypeOverride.parse("events=struct event *")).getMessage());
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
        assertEquals(List.of(new Stream("shared_rb", "ringbuf", "struct event", at(3))), find("""
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
        return find(source, List.of());
    }

    private static List<Stream> find(String source, List<EventTypeOverride> overrides) {
        return EventStreamSource.find(SourceTree.read(SourceFile.of(PROG, source), List.of()), overrides);
    }

    private static SourceLine at(int line) {
        return new SourceLine(PROG, line);
    }

    private static String type(String source) {
        List<Stream> streams = find(source);
        assertEquals(1, streams.size(), streams.toString());
        return streams.get(0).type();
    }
}
