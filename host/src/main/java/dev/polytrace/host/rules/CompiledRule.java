package dev.polytrace.host.rules;

import dev.cel.runtime.CelRuntime;
import java.util.List;

/**
 * A rule ready to evaluate: its condition compiled to a CEL program once, its output template
 * parsed.
 *
 * @param tracers the tracers whose events it sees; empty for every tracer
 * @param maxSteps the most expression nodes one evaluation can visit, or -1 when the condition
 *                 loops (a comprehension such as {@code exists}) and only counting while it runs tells
 */
public record CompiledRule(String name, String desc, Priority priority, List<String> tags, List<String> tracers,
                           String file, int line, CelRuntime.Program condition, OutputTemplate output,
                           long maxSteps) {
    public boolean appliesTo(String tracer) {
        return tracers.isEmpty() || tracers.contains(tracer);
    }
}
