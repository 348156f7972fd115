package dev.polytrace.host.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code remote stop ID}: detaches the tracer and forgets it. */
@Command(name = "stop", description = "Stop a tracer: detach it and remove it from the daemon.")
public final class RemoteStopCommand implements Callable<Integer> {
    @ParentCommand
    RemoteCommand remote;

    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Override
    public Integer call() {
        JsonNode t = remote.client().stop(id);
        JsonNode s = t.path("stats");
        remote.spec.commandLine().getOut().printf("stopped %s (%s): %d events, %d lost, %d dropped, %d handler errors%n",
                id, t.path("name").asText(), s.path("events").asLong(), s.path("lost").asLong(),
                s.path("dropped").asLong(), s.path("handlerErrors").asLong());
        remote.spec.commandLine().getOut().flush();
        return 0;
    }
}
