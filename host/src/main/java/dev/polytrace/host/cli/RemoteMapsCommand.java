package dev.polytrace.host.cli;

import dev.polytrace.host.input.UserError;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code remote maps ID MAP}: a map as {@code polytrace run} prints it, or its decoded entries as JSON. */
@Command(name = "maps", description = "Print a running tracer's map, decoded, as polytrace run prints it.")
public final class RemoteMapsCommand implements Callable<Integer> {
    @ParentCommand
    RemoteCommand remote;

    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Parameters(index = "1", paramLabel = "MAP")
    String map;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "1000",
            description = "With --json: at most N entries (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--top", paramLabel = "N", defaultValue = "20",
            description = "Rows of a table, biggest values first (default: ${DEFAULT-VALUE}; 0: every row).")
    int top;

    @Option(names = {"-j", "--json"}, description = "Print the daemon's JSON: every entry, keys and values decoded.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = remote.spec.commandLine().getOut();
        if (json) {
            RemoteOutput.printJson(out, remote.client().map(id, map, limit));
            return 0;
        }
        if (top < 0) {
            throw new UserError("--top " + top + ": give 0 (every row) or more");
        }
        out.print(remote.client().mapText(id, map, top));
        out.flush();
        return 0;
    }
}
