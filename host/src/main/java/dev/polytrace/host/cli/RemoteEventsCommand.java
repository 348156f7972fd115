package dev.polytrace.host.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.polytrace.host.daemon.client.SseEvent;
import dev.polytrace.host.output.JsonLinesSink;
import dev.polytrace.host.output.TableSink;
import dev.polytrace.host.output.TerminalText;
import dev.polytrace.host.rules.Alert;
import dev.polytrace.host.rules.AlertSink;
import dev.polytrace.host.rules.Priority;
import dev.polytrace.host.session.EventSink;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code remote events ID}: a tracer's records printed as {@code run} prints them (table, or JSON
 * Lines with --json); the newest N, or followed as they come with --follow.
 */
@Command(name = "events", description = "Print a tracer's records like run does; --follow streams them.")
public final class RemoteEventsCommand implements Callable<Integer> {
    private static final TypeReference<Map<String, Object>> FIELDS = new TypeReference<>() { };
    private static final ByteBuffer NO_BYTES = ByteBuffer.allocate(0);

    @ParentCommand
    RemoteCommand remote;

    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new records until the tracer stops or Ctrl-C.")
    boolean follow;

    @Option(names = {"-j", "--json"}, description = "Print JSON Lines instead of a table.")
    boolean json;

    @Option(names = {"-n", "--limit"}, paramLabel = "N", defaultValue = "100",
            description = "How many of the newest records (default: ${DEFAULT-VALUE}); with --follow, 0 for only new ones.")
    int limit;

    @Override
    public Integer call() {
        PrintWriter out = remote.spec.commandLine().getOut();
        EventSink sink = json ? new JsonLinesSink(out) : new TableSink(out, Map.of());
        long last = -1;
        if (!follow || limit > 0) {
            JsonNode records = remote.client().events(id, Math.max(1, limit), -1);
            for (JsonNode r : records) {
                print(sink, r);
                last = r.path("seq").asLong();
            }
        }
        if (follow) {
            long from = limit > 0 ? Math.max(0, last) : -1; // after what was printed, or only new ones
            remote.client().follow(id, from, event -> onStreamEvent(sink, event));
        }
        sink.onClose();
        return 0;
    }

    private boolean onStreamEvent(EventSink sink, SseEvent event) {
        switch (event.event()) {
            case "end" -> {
                return false;
            }
            case "gap" -> {
                remote.spec.commandLine().getErr().println("-- some records were missed (they left the daemon's "
                        + "buffer, or the tracer was restarted): " + event.data() + " --");
                remote.spec.commandLine().getErr().flush();
            }
            default -> {
                try {
                    print(sink, RemoteOutput.JSON.readTree(event.data()));
                } catch (IOException e) {
                    remote.spec.commandLine().getErr().println("-- unreadable record: " + e.getMessage() + " --");
                }
            }
        }
        return true;
    }

    /** An alert as the daemon streams it ({@link Alert#toJson}), to print as run prints it. */
    private static Alert alert(JsonNode data) {
        Instant time;
        try {
            time = Instant.parse(data.path("time").asText());
        } catch (DateTimeParseException e) {
            time = Instant.now();
        }
        List<String> tags = new ArrayList<>();
        data.path("tags").forEach(t -> tags.add(t.asText()));
        return new Alert(data.path("alert").asText(), Priority.parse(data.path("priority").asText())
                .orElse(Priority.INFORMATIONAL), data.path("output").asText(), data.path("tracer").asText(), tags,
                RemoteOutput.JSON.convertValue(data.path("event"), FIELDS), time);
    }

    private void print(EventSink sink, JsonNode record) {
        String stream = record.path("stream").asText();
        JsonNode data = record.path("data");
        switch (record.path("type").asText()) {
            case "event" -> sink.onEvent(stream, data.isObject() ? RemoteOutput.JSON.convertValue(data, FIELDS)
                    : Map.of("value", RemoteOutput.JSON.convertValue(data, Object.class)), NO_BYTES.duplicate());
            case "sample" -> sink.onSample(stream, data.asText());
            case "lost" -> sink.onLost(stream, data.asLong());
            case "alert" -> {
                if (sink instanceof AlertSink alerts) {
                    alerts.onAlert(alert(data));
                }
            }
            case "log" -> {
                remote.spec.commandLine().getErr().println(TerminalText.line(stream) + ": "
                        + TerminalText.block(data.asText()));
                remote.spec.commandLine().getErr().flush();
            }
            default -> { }
        }
        sink.flush();
    }
}
