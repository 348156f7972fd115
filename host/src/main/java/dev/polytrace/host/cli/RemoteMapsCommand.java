package dev.polytrace.host.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code remote maps ID MAP}: a map's entries, decoded through BTF by the daemon. */
@Command(name = "maps", description = "Print a running tracer's map, keys and values decoded.")
public final class RemoteMapsCommand implements Callable<Integer> {
    @ParentCommand
    RemoteCommand remote;

    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Parameters(index = "1", paramLabel = "MAP")
    String map;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "1000", description = "At most N entries (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = {"-j", "--json"}, description = "Print the daemon's JSON.")
    boolean json;

    @Override
    public Integer call() {
        JsonNode answer = remote.client().map(id, map, limit);
        PrintWriter out = remote.spec.commandLine().getOut();
        if (json) {
            RemoteOutput.printJson(out, answer);
            return 0;
        }
        List<List<String>> rows = new ArrayList<>();
        answer.path("entries").forEach(e -> rows.add(List.of(RemoteOutput.cell(e.path("key")),
                RemoteOutput.cell(e.path("value")))));
        RemoteOutput.table(out, List.of("KEY", "VALUE"), rows);
        if (answer.path("truncated").asBoolean()) {
            out.printf("(%d of %d entries; --limit for more)%n", rows.size(), answer.path("count").asLong());
            out.flush();
        }
        return 0;
    }
}
