package dev.polytrace.host.daemon.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.function.Predicate;

/** Reads an SSE stream line by line (the text/event-stream format), handing each complete event on. */
final class SseParser {
    private SseParser() {
    }

    /** Reads until the stream ends or {@code onEvent} returns false. */
    static void read(BufferedReader in, Predicate<SseEvent> onEvent) throws IOException {
        String id = null;
        String event = null;
        StringBuilder data = null;
        for (String line; (line = in.readLine()) != null; ) {
            if (line.isEmpty()) {
                if (data != null && !onEvent.test(new SseEvent(id, event == null ? "message" : event, data.toString()))) {
                    return;
                }
                id = null;
                event = null;
                data = null;
                continue;
            }
            if (line.startsWith(":")) {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "id" -> id = value;
                case "event" -> event = value;
                case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                default -> { } // retry and unknown fields
            }
        }
    }
}
