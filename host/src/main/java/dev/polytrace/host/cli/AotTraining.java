package dev.polytrace.host.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * The training run behind the launcher's AOT cache ({@code -XX:AOTCacheOutput}): runs a tracer
 * for a while once per handler file given, or once without a handler, all in this one JVM, so
 * that the cache holds the classes (and their profiles) of every language a run of that JVM may
 * start: the first Python context of a JVM loads GraalPy's classes by the thousand, which from
 * the cache are already parsed, verified and linked (bench/README.md has what that is worth).
 *
 * <pre>AotTraining TRACER DURATION [HANDLER...]</pre>
 */
public final class AotTraining {
    private AotTraining() {
    }

    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: AotTraining TRACER DURATION [HANDLER...]");
            System.exit(2);
        }
        List<String> handlers = List.of(args).subList(2, args.length);
        int failed = 0;
        for (String handler : handlers.isEmpty() ? java.util.Collections.<String>singletonList(null) : handlers) {
            List<String> run = new ArrayList<>(List.of("run", args[0], "--json", "--duration", args[1]));
            if (handler != null) {
                run.addAll(List.of("--handler", handler));
            }
            failed += PolytraceCommand.forArguments(run.toArray(String[]::new)).execute(run.toArray(String[]::new)) == 0
                    ? 0 : 1;
        }
        System.exit(failed == 0 ? 0 : 1);
    }
}
