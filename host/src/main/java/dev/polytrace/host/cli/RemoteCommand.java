package dev.polytrace.host.cli;

import dev.polytrace.host.daemon.ApiToken;
import dev.polytrace.host.daemon.DaemonConfig;
import dev.polytrace.host.daemon.client.DaemonClient;
import java.io.IOException;
import java.net.URI;
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
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new UserError("--url " + url + ": not a URL");
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            throw new UserError("--url " + url + ": expected http://HOST:PORT");
        }
        return new DaemonClient(uri, token());
    }

    private String token() {
        String env = System.getenv("POLYTRACE_TOKEN");
        if (tokenFile == null && env != null && !env.isBlank()) {
            return env.strip();
        }
        Path file = tokenFile != null ? tokenFile : DaemonConfig.defaultTokenFile(null);
        try {
            return ApiToken.read(file);
        } catch (IOException e) {
            throw new UserError("cannot read the token from " + file + " (" + e.getMessage()
                    + "); give --token-file, the file polytrace serve printed");
        }
    }
}
