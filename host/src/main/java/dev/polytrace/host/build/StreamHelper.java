package dev.polytrace.host.build;

import java.util.List;
import java.util.OptionalInt;

/**
 * A function or function-like macro that writes records to a ring buffer or perf event array,
 * described by what its arguments and result are: libbpf's helpers ({@link #LIBBPF}), and the
 * wrappers that a source or its headers define around them ({@link StreamWrappers}), such as
 * {@code void *reserve_buf(__u64 size)} returning {@code bpf_ringbuf_reserve(&events, size, 0)}.
 *
 * @param kind   "ringbuf" or "perf"
 * @param map    which map it writes
 * @param record where the record is: its result, or one of its arguments
 * @param size   the argument that gives the record's size (e.g. {@code sizeof(*e)}), when there is one
 */
record StreamHelper(String name, String kind, MapChoice map, RecordAt record, OptionalInt size) {
    static final List<StreamHelper> LIBBPF = List.of(
            new StreamHelper("bpf_ringbuf_reserve", "ringbuf", new MapArgument(0), new Returned(), OptionalInt.of(1)),
            new StreamHelper("bpf_ringbuf_output", "ringbuf", new MapArgument(0), new Passed(1, false),
                    OptionalInt.of(2)),
            new StreamHelper("bpf_perf_event_output", "perf", new MapArgument(1), new Passed(3, false),
                    OptionalInt.of(4)));

    /** Which map a helper writes. */
    sealed interface MapChoice permits FixedMap, MapArgument {
    }

    /** Always the same map, named in the wrapper's body. */
    record FixedMap(String name) implements MapChoice {
    }

    /** The map given as {@code &map} in the argument at {@code index}. */
    record MapArgument(int index) implements MapChoice {
    }

    /** Where the record is. */
    sealed interface RecordAt permits Returned, Passed {
    }

    /** The result points to the record, as that of bpf_ringbuf_reserve. */
    record Returned() implements RecordAt {
    }

    /**
     * The argument at {@code index} points to the record, or, {@code byValue}, is the record
     * (a wrapper that passes its parameter's address on).
     */
    record Passed(int index, boolean byValue) implements RecordAt {
    }
}
