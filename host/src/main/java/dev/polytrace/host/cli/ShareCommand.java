package dev.polytrace.host.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polytrace.host.daemon.client.DaemonClient;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code polytrace share ID}: a link to a deployed tracer's package, as a command another machine pastes. */
@Command(name = "share", description = {"Print a polytrace run command for a tracer's package on a daemon.",
        "The link holds a share token that fetches this one package and nothing else (until the daemon restarts), "
                + "and #sha256= so that the run refuses any other package."})
public final class ShareCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Parameters(index = "0", paramLabel = "ID", description = "The tracer's id (polytrace remote list).")
    String id;

    @Option(names = "--url", paramLabel = "URL", defaultValue = "http://127.0.0.1:8527",
            description = "The daemon, as other machines reach it (default: ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "The daemon's token file (default: $POLYTRACE_TOKEN, else ~/.config/polytrace/token).")
    Path tokenFile;

    @Override
    public Integer call() {
        DaemonClient client = DaemonAccess.client("--url", url, tokenFile);
        JsonNode link = client.share(id);
        PrintWriter out = spec.commandLine().getOut();
        out.println("polytrace run '" + client.base() + link.path("path").asText() + "#sha256="
                + link.path("sha256").asText() + "'");
        out.flush();
        return 0;
    }
}
