package dev.polytrace.host.daemon.client;

/** One Server-Sent Event: its id (or null), event name ("message" when none) and data. */
public record SseEvent(String id, String event, String data) {
}
