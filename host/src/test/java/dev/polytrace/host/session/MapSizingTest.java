package dev.polytrace.host.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.polytrace.bpf.MapType;
import dev.polytrace.bpf.VerifierException;
import dev.polytrace.host.session.MapCreationFailure.Shape;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The defaults maps get when their tool's C code would size them, and what a refused map is told. */
class MapSizingTest {
    @Test
    void defaultsByType() {
        assertEquals(OptionalInt.of(10240), MapSizing.defaultMaxEntries(MapType.HASH));
        assertEquals(OptionalInt.of(10240), MapSizing.defaultMaxEntries(MapType.LRU_PERCPU_HASH));
        assertEquals(OptionalInt.of(10240), MapSizing.defaultMaxEntries(MapType.ARRAY));
        assertEquals(OptionalInt.of(1024), MapSizing.defaultMaxEntries(MapType.STACK_TRACE));
        assertEquals(OptionalInt.of(256 * 1024), MapSizing.defaultMaxEntries(MapType.RINGBUF));
        assertEquals(OptionalInt.empty(), MapSizing.defaultMaxEntries(MapType.PERF_EVENT_ARRAY),
                "libbpf gives it one entry per CPU");
        assertEquals(OptionalInt.empty(), MapSizing.defaultMaxEntries(MapType.TASK_STORAGE), "must stay 0");
    }

    @Test
    void aRefusedMapIsNamedWithTheAttributeToFix() {
        String log = "libbpf: map 'events': created successfully, fd=7\n"
                + "libbpf: map 'counts': failed to create: Argument list too long(-7)\n"
                + "libbpf: failed to load object 'x'\n";
        MapCreationFailure shapes = MapCreationFailure.of(List.of(
                new Shape("events", MapType.RINGBUF, 0, 0, 4096, false),
                new Shape("counts", MapType.HASH, 4, 8, Integer.MAX_VALUE, false)));
        assertEquals(Optional.of("the kernel refused to create map 'counts' (Argument list too long(-7)): hash,"
                + " key_size 4, value_size 8, max_entries 2147483647; max_entries 2147483647 is too large for this map:"
                + " set a smaller one with --map-size counts=N (or \"maps\" in the package)"),
                shapes.explain(new VerifierException("load", 7, log)));
        assertEquals(Optional.empty(), shapes.explain(new VerifierException("load", 13, "libbpf: prog 'p': EACCES")));
    }

    @Test
    void problemsByAttribute() {
        assertEquals("max_entries is 0: set it with --map-size start=N (or \"maps\" in the package)",
                MapCreationFailure.problem(new Shape("start", MapType.HASH, 4, 8, 0, false), "Invalid argument(-22)"));
        assertEquals("value_size must be a multiple of 8 (one u64 per frame), as the object declares it",
                MapCreationFailure.problem(new Shape("stacks", MapType.STACK_TRACE, 4, 12, 1024, false), ""));
        assertEquals("key_size is 0: the object must declare the key (__type(key, ...) or __uint(key_size, ...))",
                MapCreationFailure.problem(new Shape("h", MapType.HASH, 0, 8, 16, false), ""));
    }
}
