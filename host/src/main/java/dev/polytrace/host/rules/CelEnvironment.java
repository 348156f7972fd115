package dev.polytrace.host.rules;

import dev.cel.common.CelOptions;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;

/**
 * The CEL that conditions are written in: the standard library plus the strings, math (for
 * {@code math.bitAnd} on flags), lists and sets extensions, and four variables: {@code event}
 * (the decoded record), {@code container}, {@code proc} (maps) and {@code tracer} (its name).
 * {@code has}, {@code all}, {@code exists}, {@code exists_one}, {@code map} and {@code filter} work. Built once; compilers and the runtime are immutable and shared.
 */
final class CelEnvironment {
    /** Iterations of one comprehension ({@code all}, {@code exists}, {@code map}...) at most. */
    static final int MAX_ITERATIONS = 1_000;
    static final CelOptions OPTIONS = CelOptions.current().comprehensionMaxIterations(MAX_ITERATIONS).build();

    /** Rule conditions: must be true or false. */
    static final CelCompiler CONDITIONS = compiler(true);
    /** Macros on their own, checked before any rule uses them: any type. */
    static final CelCompiler FRAGMENTS = compiler(false);
    static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder()
            .setOptions(OPTIONS)
            .addLibraries(CelExtensions.strings(), CelExtensions.math(OPTIONS), CelExtensions.lists(),
                    CelExtensions.sets(OPTIONS))
            .build();

    private CelEnvironment() {
    }

    private static CelCompiler compiler(boolean condition) {
        var builder = CelCompilerFactory.standardCelCompilerBuilder()
                .setOptions(OPTIONS)
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .addVar("event", MapType.create(SimpleType.STRING, SimpleType.DYN))
                .addVar("container", MapType.create(SimpleType.STRING, SimpleType.STRING))
                .addVar("proc", MapType.create(SimpleType.STRING, SimpleType.DYN))
                .addVar("tracer", SimpleType.STRING)
                .addLibraries(CelExtensions.strings(), CelExtensions.math(OPTIONS), CelExtensions.lists(),
                        CelExtensions.sets(OPTIONS));
        if (condition) {
            builder.setResultType(SimpleType.BOOL);
        }
        return builder.build();
    }
}
