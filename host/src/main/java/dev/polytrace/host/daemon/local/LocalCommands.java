package dev.polytrace.host.daemon.local;

/** Runs one client's command line in the service (the CLI provides it) and returns its exit code. */
@FunctionalInterface
public interface LocalCommands {
    int run(LocalCall call);
}
