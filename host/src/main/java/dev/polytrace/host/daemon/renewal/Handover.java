package dev.polytrace.host.daemon.renewal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.polytrace.host.daemon.console.ConsoleSessions;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * What a daemon hands to its renewal beside its sockets: the state that lives in memory only and
 * that users hold on to (share links' key, signed-in console sessions), how many renewals came
 * before, and its resident memory when it renewed, for the renewal's log line.
 */
public record Handover(int generation, byte[] shareKey, List<Session> consoleSessions, long residentKbBefore,
                       long renewedAtMillis) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A console session as JSON holds it. */
    public record Session(String id, String csrf, long expiresEpochMillis) {
        static Session of(ConsoleSessions.Session s) {
            return new Session(s.id(), s.csrf(), s.expires().toEpochMilli());
        }

        ConsoleSessions.Session toSession() {
            return new ConsoleSessions.Session(id, csrf, Instant.ofEpochMilli(expiresEpochMillis));
        }
    }

    public Handover {
        shareKey = shareKey.clone();
        consoleSessions = List.copyOf(consoleSessions);
    }

    static Handover of(int generation, byte[] shareKey, List<ConsoleSessions.Session> sessions, long residentKb) {
        return new Handover(generation, shareKey, sessions.stream().map(Session::of).toList(), residentKb,
                System.currentTimeMillis());
    }

    /** The console sessions as the daemon keeps them. */
    public List<ConsoleSessions.Session> sessions() {
        return consoleSessions.stream().map(Session::toSession).toList();
    }

    byte[] toBytes() throws IOException {
        return JSON.writeValueAsBytes(this);
    }

    static Handover fromBytes(byte[] bytes) throws IOException {
        return JSON.readValue(bytes, Handover.class);
    }
}
