package dev.polytrace.host.cli;

import dev.polytrace.host.daemon.local.LocalCall;
import dev.polytrace.host.daemon.local.LocalCommands;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.util.Set;

/**
 * The command lines the service runs for local clients: {@code run} and {@code inspect}, through
 * the same command tree as in a process of their own, so their output is the same byte for byte.
 */
final class ServedCommands implements LocalCommands {
    static final Set<String> SERVED = Set.of("run", "inspect");
    private static final int USAGE = 2;

    @Override
    public int run(LocalCall call) {
        PrintWriter out = writer(call, call.stdout());
        PrintWriter err = writer(call, call.stderr());
        if (call.args().isEmpty() || !SERVED.contains(call.args().get(0))) {
            err.println("polytrace: the local service runs " + String.join(" and ", SERVED.stream().sorted().toList())
                    + ", not " + (call.args().isEmpty() ? "an empty command line" : call.args().get(0)));
            err.flush();
            return USAGE;
        }
        Invocation invocation = new Invocation(call.workingDir(), call.stdin(), call::routeStops);
        try {
            return PolytraceCommand.commandLine(out, err, invocation).execute(call.args().toArray(String[]::new));
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** As the process's own streams are wrapped ({@link PolytraceCommand#commandLine()}): autoflush per line. */
    private static PrintWriter writer(LocalCall call, java.io.OutputStream stream) {
        return new PrintWriter(new BufferedWriter(new OutputStreamWriter(stream, call.charset())), true);
    }
}
