package dev.polytrace.host.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code remote list}: the daemon's tracers, one line each. */
@Command(name = "list", description = "List the daemon's tracers.")
public final class RemoteListCommand implements Callable<Integer> {
    @ParentCommand
    RemoteCommand remote;

    @Option(names = {"-j", "--json"}, description = "One JSON object per tracer per line.")
    boolean json;

    @Override
    public Integer call() {
        JsonNode tracers = remote.client().list().path("tracers");
        PrintWriter out = remote.spec.commandLine().getOut();
        if (json) {
            tracers.forEach(t -> RemoteOutput.printJsonLine(out, t));
            return 0;
        }
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode t : tracers) {
            JsonNode s = t.path("stats");
            rows.add(List.of(t.path("id").asText(), t.path("name").asText(), t.path("state").asText(),
                    s.path("events").asText(), s.path("eventsPerSecond").asText(), s.path("lost").asText(),
                    s.path("dropped").asText(), s.path("handlerErrors").asText(), s.path("uptimeSeconds").asText()));
        }
        RemoteOutput.table(out, List.of("ID", "NAME", "STATE", "EVENTS", "EVENTS/S", "LOST", "DROPPED", "ERRORS",
                "UPTIME_S"), rows);
        return 0;
    }
}
