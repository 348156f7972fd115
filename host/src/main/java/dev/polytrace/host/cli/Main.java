package dev.polytrace.host.cli;

import picocli.CommandLine;

/** Entry point of the {@code polytrace} command. The only place that calls System.exit. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(PolytraceCommand.commandLine().execute(args));
    }
}
