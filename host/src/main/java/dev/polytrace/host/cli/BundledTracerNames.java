package dev.polytrace.host.cli;

import dev.polytrace.host.bundled.BundledTracers;
import java.util.Iterator;

/** Completion candidates for a tracer argument: the bundled tracers' names (read only when asked). */
final class BundledTracerNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
        return BundledTracers.list().stream().map(BundledTracers.Entry::name).iterator();
    }
}
