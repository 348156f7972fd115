package dev.polytrace.host.cli;

import dev.polytrace.host.input.UserError;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code remote swap ID FILE}: hot-swaps the handler; the kernel side stays attached. */
@Command(name = "swap", description = {"Hot-swap a tracer's handler; no event is lost.",
        "FILE is a .js/.mjs/.py handler, or a (signed) package whose handler to take."})
public final class RemoteSwapCommand implements Callable<Integer> {
    @ParentCommand
    RemoteCommand remote;

    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Parameters(index = "1", paramLabel = "FILE")
    Path file;

    @Override
    public Integer call() throws IOException {
        String name = file.getFileName().toString();
        byte[] body;
        if (name.endsWith(".json")) {
            if (!Files.isRegularFile(file)) {
                throw new UserError(file + ": no such file");
            }
            body = Files.readAllBytes(file);
        } else {
            body = RemoteOutput.JSON.writeValueAsBytes(RemoteDeployCommand.handlerJson(file));
        }
        JsonNode t = remote.client().swapHandler(id, body);
        remote.spec.commandLine().getOut().printf("%s: handler is now %s (swapped in %s ms)%n", id,
                t.path("handler").path("fileName").asText(), t.path("swapMillis").asText());
        remote.spec.commandLine().getOut().flush();
        return 0;
    }
}
