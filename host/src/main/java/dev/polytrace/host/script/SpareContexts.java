package dev.polytrace.host.script;

import java.io.OutputStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.graalvm.polyglot.Context;

/**
 * One context per language and statement limit, built and initialized ahead of the handler that
 * will run in it, for long-lived hosts (the daemon): starting a language in a new context is most
 * of what loading a handler costs (GraalPy imports its core modules anew in every context), and
 * here it happens after the previous deploy rather than during the next one. Taking a spare starts
 * the next; a spare still being built when asked for is waited for, as it started earlier than a
 * fresh one would.
 */
final class SpareContexts {
    /** Builds an uninitialized context writing to the given streams. */
    interface Builder {
        Context build(HandlerLanguage language, OutputStream out, OutputStream err, long statementLimit);
    }

    private record Key(HandlerLanguage language, long statementLimit) {
        // Written out: a record's generated equals and hashCode are bootstrapped by method handles
        // at their first call, ~20 ms on the path to a run's first handler context.
        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && key.language.equals(language) && key.statementLimit == statementLimit;
        }

        @Override
        public int hashCode() {
            return 31 * language.hashCode() + Long.hashCode(statementLimit);
        }
    }

    private record Spare(Context context, LateOutputStream out, LateOutputStream err) {
    }

    private final Builder builder;
    private final boolean refill;
    private final Duration refillDelay;
    private final Map<Key, Pending> spares = new ConcurrentHashMap<>();

    /**
     * A spare being built or waiting to be: whoever claims it first builds it, the thread preparing
     * it or a taker that came before that thread started (which then builds its own at once).
     */
    private static final class Pending {
        final CompletableFuture<Spare> built = new CompletableFuture<>();
        final AtomicBoolean claimed = new AtomicBoolean();
    }

    private SpareContexts(Builder builder, boolean refill, Duration refillDelay) {
        this.builder = builder;
        this.refill = refill;
        this.refillDelay = refillDelay;
    }

    /**
     * Spares for a long-lived host: taking one prepares the next, {@code refillDelay} later, so
     * that building it does not compete for the CPUs with the start of the handler that took one.
     */
    static SpareContexts refilling(Builder builder, Duration refillDelay) {
        return new SpareContexts(builder, true, refillDelay);
    }

    /** Spares prepared one by one ({@link #prepare}) for a run, none after a take. */
    static SpareContexts oneShot(Builder builder) {
        return new SpareContexts(builder, false, Duration.ZERO);
    }

    boolean refills() {
        return refill;
    }

    /** The spare for this language and limit, now writing to {@code out} and {@code err}; a fresh one if none is. */
    Context take(HandlerLanguage language, OutputStream out, OutputStream err, long statementLimit) {
        Key key = new Key(language, statementLimit);
        Pending pending = spares.remove(key);
        if (refill) {
            prepare(key, refillDelay);
        }
        Spare spare = null;
        if (pending != null && !pending.claimed.compareAndSet(false, true)) { // its build began: wait for it
            try {
                spare = pending.built.join();
            } catch (CompletionException e) {
                // it failed to start; so may this one, which then reports why
            }
        }
        if (spare == null) {
            return builder.build(language, out, err, statementLimit);
        }
        spare.out().sendTo(out);
        spare.err().sendTo(err);
        return spare.context();
    }

    /** Whether a spare for this language and limit is there or on its way. */
    boolean hasSpare(HandlerLanguage language, long statementLimit) {
        return spares.containsKey(new Key(language, statementLimit));
    }

    /** Closes the spares not taken (once they are built); those not begun are never built. */
    void close() {
        spares.values().forEach(p -> {
            if (!p.claimed.compareAndSet(false, true)) {
                p.built.thenAccept(spare -> spare.context().close());
            }
        });
        spares.clear();
    }

    /** Starts building a spare for this language and limit, unless one is there or on its way. */
    void prepare(HandlerLanguage language, long statementLimit) {
        prepare(new Key(language, statementLimit), Duration.ZERO);
    }

    private void prepare(Key key, Duration delay) {
        Pending next = new Pending();
        if (spares.putIfAbsent(key, next) != null) {
            return;
        }
        Thread.ofPlatform().daemon().name("polytrace-spare-" + key.language().id).start(() -> {
            if (!delay.isZero()) {
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException e) {
                    return;
                }
            }
            if (!next.claimed.compareAndSet(false, true)) {
                return; // taken, or closed, before its build began
            }
            LateOutputStream out = new LateOutputStream();
            LateOutputStream err = new LateOutputStream();
            try {
                Context context = builder.build(key.language(), out, err, key.statementLimit());
                key.language().start(context);
                next.built.complete(new Spare(context, out, err));
            } catch (RuntimeException | Error e) {
                next.built.completeExceptionally(e);
            }
        });
    }
}
