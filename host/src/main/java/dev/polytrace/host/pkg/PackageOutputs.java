package dev.polytrace.host.pkg;

import java.util.List;
import java.util.Optional;

/**
 * What the tracer produces: event streams read continuously, maps sampled on an interval. Every
 * other map with contents, and every .bss/.data global, is printed when the run ends (as
 * bpftrace does), except the {@code hidden} ones (maps and globals by name): the tracer's own
 * bookkeeping (a {@code start} timestamp per thread, say).
 */
public record PackageOutputs(List<EventStream> events, List<SampledMap> samples, List<String> hidden) {
    public PackageOutputs {
        events = List.copyOf(events);
        samples = List.copyOf(samples);
        hidden = List.copyOf(hidden);
    }

    /** How the package samples {@code map}, when it does. */
    public Optional<SampledMap> sampled(String map) {
        return samples.stream().filter(s -> s.map().equals(map)).findFirst();
    }

    /** Outputs with no hidden map. */
    public PackageOutputs(List<EventStream> events, List<SampledMap> samples) {
        this(events, samples, List.of());
    }

    /**
     * A ring buffer or perf event array map and the C type of its records.
     *
     * @param kind "ringbuf" or "perf"
     * @param type the record's C type as found in the object's BTF, e.g. "struct event"
     */
    public record EventStream(String map, String kind, String type) {
    }

    /**
     * A map printed every {@code intervalMs}: kind "log2_hist", "linear_hist" or "table".
     *
     * @param unit    histogram unit label, e.g. "usecs"
     * @param clear   whether the map is cleared after each print (BCC's default for histograms)
     * @param linearStep bucket width for linear histograms (1 when unset)
     */
    public record SampledMap(String map, String kind, long intervalMs, String unit, boolean clear, long linearStep) {
    }
}
