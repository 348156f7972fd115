package dev.polytrace.host.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code remote show ID}: one tracer's package, params, state and counters. */
@Command(name = "show", description = "Show one tracer: package, params, state, counters.")
public final class RemoteShowCommand implements Callable<Integer> {
    @ParentCommand
    RemoteCommand remote;

    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Option(names = {"-j", "--json"}, description = "Print the daemon's JSON.")
    boolean json;

    @Override
    public Integer call() {
        JsonNode t = remote.client().show(id);
        PrintWriter out = remote.spec.commandLine().getOut();
        if (json) {
            RemoteOutput.printJson(out, t);
            return 0;
        }
        out.printf("%s  %s %s  %s%n", RemoteOutput.text(t, "id"), RemoteOutput.text(t, "name"),
                RemoteOutput.text(t, "version"), RemoteOutput.text(t, "state")
                        + (t.has("error") ? " (" + RemoteOutput.text(t, "error") + ")" : ""));
        out.printf("sha256   %s%n", RemoteOutput.text(t, "sha256"));
        if (t.hasNonNull("handler")) {
            JsonNode h = t.path("handler");
            out.printf("handler  %s (%s), swapped %d times%n", RemoteOutput.text(h, "fileName"), RemoteOutput.text(h, "language"),
                    h.path("swaps").asInt());
        }
        JsonNode s = t.path("stats");
        out.printf("events   %d (%.1f/s), %d lost, %d dropped, %d handler errors, up %.1f s%n", s.path("events").asLong(),
                s.path("eventsPerSecond").asDouble(), s.path("lost").asLong(), s.path("dropped").asLong(),
                s.path("handlerErrors").asLong(), s.path("uptimeSeconds").asDouble());
        for (JsonNode p : t.path("params")) {
            out.printf("param    %s = %s  (%s%s)%n", RemoteOutput.text(p, "name"), RemoteOutput.cell(p.path("value")),
                    RemoteOutput.text(p, "cType"), p.path("runtime").asBoolean() ? ", settable while running" : "");
        }
        out.flush();
        return 0;
    }
}
