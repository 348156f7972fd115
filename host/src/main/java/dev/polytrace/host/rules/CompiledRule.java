package dev.polytrace.host.rules;

import dev.cel.runtime.CelRuntime;
import java.util.List;

/**
 * A rule ready to evaluate: its condition compiled to a CEL program once, its output template
 * parsed.
 *
 * @param tracers the tracers whose events it sees; empty for every tracer
 */
public record CompiledRule(String name, String desc, Priority priority, List<String> tags, List<String> tracers,
                           String file, int line, CelRuntime.Program condition, OutputTemplate output) {
    public boolean appliesTo(String tracer) {
        return tracers.isEmpty() || tracers.contains(tracer);
    }
}
