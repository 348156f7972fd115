package dev.polytrace.host.script;

import dev.polytrace.script.api.HandlerLog;
import dev.polytrace.script.api.LogLevel;
import java.util.ArrayList;
import java.util.List;

/** A handler log that keeps its lines, as "LEVEL message". */
final class RecordingLog implements HandlerLog {
    private final List<String> lines = new ArrayList<>();

    @Override
    public synchronized void log(LogLevel level, String message) {
        lines.add(level + " " + message);
    }

    synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    synchronized String text() {
        return String.join("\n", lines);
    }
}
