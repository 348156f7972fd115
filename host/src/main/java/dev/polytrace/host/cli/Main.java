package dev.polytrace.host.cli;

import dev.polytrace.host.system.StartupTrace;

/** Entry point of the {@code polytrace} command. The only place that calls System.exit. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        StartupTrace.mark("main() entered");
        System.exit(run(args));
    }

    /** The command {@code args} names, as {@code main} runs it (also the AOT cache's training run); its exit code. */
    static int run(String[] args) {
        EarlyStarts.begin(args);
        return PolytraceCommand.forArguments(args).execute(args);
    }
}
