package dev.polytrace.host.cli;

import dev.polytrace.host.daemon.client.DaemonClient;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code polytrace remote ...}: drive a daemon over its HTTP API. */
@Command(name = "remote", description = "Drive a polytrace daemon (polytrace serve) over HTTP.",
        subcommands = {RemoteDeployCommand.class, RemoteListCommand.class, RemoteShowCommand.class,
                RemoteSwapCommand.class, RemoteStopCommand.class, RemoteEventsCommand.class, RemoteMapsCommand.class})
public final class RemoteCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, scope = CommandLine.ScopeType.INHERIT,
            description = "Show this help.")
    boolean help;

    @Option(names = "--url", paramLabel = "URL", defaultValue = "http://127.0.0.1:8527", scope = CommandLine.ScopeType.INHERIT,
            description = "The daemon (default: ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--token-file", paramLabel = "FILE", scope = CommandLine.ScopeType.INHERIT,
            description = "The daemon's token file (default: $POLYTRACE_TOKEN, else ~/.config/polytrace/token).")
    Path tokenFile;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** A client for the chosen daemon with the chosen token. */
    DaemonClient client() {
        return DaemonAccess.client("--url", url, tokenFile);
    }
}
