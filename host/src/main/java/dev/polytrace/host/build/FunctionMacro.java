package dev.polytrace.host.build;

import java.util.List;

/**
 * A function-like macro as defined, e.g. {@code #define emit(ctx, e) bpf_perf_event_output(...)}.
 *
 * @param params the parameter names; a GNU named variadic {@code args...} is {@code args},
 *               a plain {@code ...} is not listed
 * @param body   the replacement list as tokens, all on the line of the {@code #define}
 */
record FunctionMacro(String name, List<String> params, List<CToken> body, int line) {
}
