package dev.polytrace.host.cli;

import dev.polytrace.host.input.UserError;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polytrace.host.build.SourceBundle;
import dev.polytrace.host.daemon.client.DaemonClient;
import dev.polytrace.host.daemon.client.DaemonClientException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/**
 * {@code polytrace build --remote URL}: sends the source, the headers it includes and the build's
 * options to the daemon's {@code POST /v1/build}; the package comes back, or clang's diagnostics,
 * printed as a local build prints them.
 */
final class RemoteBuild {
    private RemoteBuild() {
    }

    static byte[] run(BuildCommand command, PrintWriter err) {
        if (command.clang != null || command.bpftool != null) {
            throw new UserError("--clang and --bpftool choose local tools; with --remote the daemon uses its own");
        }
        DaemonClient client = DaemonAccess.client("--remote", command.remote, command.tokenFile);
        try {
            return client.build(order(command));
        } catch (DaemonClientException e) {
            e.answer().map(a -> a.path("log").asText("")).filter(log -> !log.isEmpty()).ifPresent(log -> {
                err.print(log.endsWith("\n") ? log : log + "\n");
                err.flush();
            });
            throw new UserError("build on " + client.base() + " failed: " + e.getMessage(), e);
        }
    }

    private static byte[] order(BuildCommand command) {
        SourceBundle sources = SourceBundle.collect(command.source, command.includeDirs).check();
        ObjectNode order = RemoteOutput.JSON.createObjectNode();
        order.put("fileName", sources.sourceName());
        order.put("source", sources.source());
        ObjectNode headers = order.putObject("headers");
        sources.headers().forEach(headers::put);
        command.defines.forEach(order.putArray("defines")::add);
        command.eventTypes.forEach(order.putArray("events")::add);
        try {
            if (command.handler != null) {
                order.set("handler", RemoteDeployCommand.handlerJson(command.handler));
            }
            if (command.name != null) {
                order.put("name", command.name);
            }
            if (command.description != null) {
                order.put("description", command.description);
            }
            if (command.version != null) {
                order.put("version", command.version);
            }
            return RemoteOutput.JSON.writeValueAsBytes(order);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        } catch (IOException e) {
            throw new UserError("--handler " + command.handler + ": cannot read (" + e.getMessage() + ")", e);
        }
    }
}
