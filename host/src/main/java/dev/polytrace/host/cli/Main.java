package dev.polytrace.host.cli;

import dev.polytrace.bpf.LibbpfStatus;
import dev.polytrace.host.system.StartupTrace;
import java.util.Set;

/** Entry point of the {@code polytrace} command. The only place that calls System.exit. */
public final class Main {
    private static final Set<String> LOADS_AN_OBJECT = Set.of("run", "repl");

    private Main() {
    }

    public static void main(String[] args) {
        StartupTrace.mark("main() entered");
        if (args.length > 0 && LOADS_AN_OBJECT.contains(args[0])) {
            LibbpfStatus.bindInBackground(); // while picocli and the package reader work
        }
        System.exit(PolytraceCommand.forArguments(args).execute(args));
    }
}
