package dev.polytrace.host.cli;

import dev.polytrace.host.system.StartupTrace;

/** Entry point of the {@code polytrace} command. The only place that calls System.exit. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        StartupTrace.mark("main() entered");
        EarlyStarts.begin(args);
        System.exit(PolytraceCommand.forArguments(args).execute(args));
    }
}
