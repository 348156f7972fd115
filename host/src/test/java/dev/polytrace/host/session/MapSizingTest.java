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
        String log = "libbpf: map 'counts': created successfully, fd=7\n"
                + "libbpf: map 'events': failed to create: Invalid argument(-22)\n"
                + "libbpf: failed to load object 'x'\n";
        MapCreationFailure shapes = MapCreationFailure.of(List.of(
                new Shape("counts", MapType.HASH, 4, 8, 10240, false),
                new Shape("events", MapType.RINGBUF, 0, 0, 1000, false)));
        assertEquals(Optional.of("the kernel refused to create map 'events' (Invalid argument(-22)): ringbuf,"
                + " key_size 0, value_size 0, max_entries 1000; a ring buffer's max_entries is its size in bytes and"
                + " must be a power of two of at least the page size (4096): set max_entries with --map-size"
                + " events=N (or \"maps\" in the package)"), shapes.explain(new VerifierException("load", 22, log)));
        assertEquals(Optional.empty(), shapes.explain(new VerifierException("load", 13, "libbpf: prog 'p': EACCES")));
    }

    @Test
    void problemsByAttribute() {
        assertEquals("max_entries is 0: set max_entries with --map-size start=N (or \"maps\" in the package)",
                MapCreationFailure.problem(new Shape("start", MapType.HASH, 4, 8, 0, false)));
        assertEquals("value_size must be a multiple of 8 (one u64 per frame), as the object declares it",
                MapCreationFailure.problem(new Shape("stacks", MapType.STACK_TRACE, 4, 12, 1024, false)));
        assertEquals("key_size is 0: the object must declare the key (__type(key, ...) or __uint(key_size, ...))",
                MapCreationFailure.problem(new Shape("h", MapType.HASH, 0, 8, 16, false)));
    }
}
