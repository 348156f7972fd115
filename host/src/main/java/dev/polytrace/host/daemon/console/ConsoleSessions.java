package dev.polytrace.host.daemon.console;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The web console's sign-ins. Signing in with the daemon's token gives a session: a random id,
 * which the browser keeps in an HttpOnly cookie, and a CSRF token, which the page keeps in memory
 * and sends in a header with every request that changes something. The daemon's token itself never
 * reaches the browser's storage, signing out ends the session here and not only in the browser,
 * and a restart of the daemon ends every session.
 */
public final class ConsoleSessions {
    /** A session lasts this long from sign-in, however busy. */
    public static final Duration LIFETIME = Duration.ofHours(12);
    /** Beyond this many live sessions, the oldest one ends. */
    static final int MAX_SESSIONS = 64;

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Clock clock;

    /** One sign-in; {@code csrf} is the value the page must send with each change. */
    public record Session(String id, String csrf, Instant expires) {
        /** Constant-time: the comparison does not tell how much of a guess was right. */
        public boolean acceptsCsrf(String presented) {
            return presented != null && MessageDigest.isEqual(csrf.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    presented.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    public ConsoleSessions() {
        this(Clock.systemUTC());
    }

    ConsoleSessions(Clock clock) {
        this.clock = clock;
    }

    public Session open() {
        Instant now = clock.instant();
        sessions.values().removeIf(s -> !s.expires().isAfter(now));
        while (sessions.size() >= MAX_SESSIONS) {
            sessions.values().stream().min(Comparator.comparing(Session::expires))
                    .ifPresent(oldest -> sessions.remove(oldest.id()));
        }
        Session s = new Session(randomToken(), randomToken(), now.plus(LIFETIME));
        sessions.put(s.id(), s);
        return s;
    }

    /** The live session with this id. */
    public Optional<Session> find(String id) {
        if (id == null || id.isEmpty()) {
            return Optional.empty();
        }
        Session s = sessions.get(id);
        if (s == null) {
            return Optional.empty();
        }
        if (!s.expires().isAfter(clock.instant())) {
            sessions.remove(id);
            return Optional.empty();
        }
        return Optional.of(s);
    }

    public void close(String id) {
        if (id != null) {
            sessions.remove(id);
        }
    }

    /** The live sessions, to hand over to a renewal of this daemon. */
    public List<Session> live() {
        Instant now = clock.instant();
        return sessions.values().stream().filter(s -> s.expires().isAfter(now)).toList();
    }

    /** Takes over the sessions of the daemon before a renewal, as they were. */
    public void restore(List<Session> handedOver) {
        handedOver.forEach(s -> sessions.put(s.id(), s));
    }

    int size() {
        return sessions.size();
    }

    private String randomToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
