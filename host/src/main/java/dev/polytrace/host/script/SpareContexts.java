package dev.polytrace.host.script;

import java.io.OutputStream;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
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
    }

    private record Spare(Context context, LateOutputStream out, LateOutputStream err) {
    }

    private final Builder builder;
    private final boolean refill;
    private final Map<Key, CompletableFuture<Spare>> spares = new ConcurrentHashMap<>();

    /** @param refill whether taking a spare starts the next one (a long-lived host) or not (one run) */
    SpareContexts(Builder builder, boolean refill) {
        this.builder = builder;
        this.refill = refill;
    }

    boolean refills() {
        return refill;
    }

    /** The spare for this language and limit, now writing to {@code out} and {@code err}; a fresh one if none is. */
    Context take(HandlerLanguage language, OutputStream out, OutputStream err, long statementLimit) {
        Key key = new Key(language, statementLimit);
        CompletableFuture<Spare> pending = spares.remove(key);
        if (refill) {
            prepare(key);
        }
        Spare spare = null;
        if (pending != null) {
            try {
                spare = pending.join();
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

    /** Closes the spares not taken (once they are built). */
    void close() {
        spares.values().forEach(f -> f.thenAccept(s -> s.context().close()));
        spares.clear();
    }

    /** Starts building a spare for this language and limit, unless one is there or on its way. */
    void prepare(HandlerLanguage language, long statementLimit) {
        prepare(new Key(language, statementLimit));
    }

    private void prepare(Key key) {
        CompletableFuture<Spare> next = new CompletableFuture<>();
        if (spares.putIfAbsent(key, next) != null) {
            return;
        }
        Thread.ofPlatform().daemon().name("polytrace-spare-" + key.language().id).start(() -> {
            LateOutputStream out = new LateOutputStream();
            LateOutputStream err = new LateOutputStream();
            try {
                Context context = builder.build(key.language(), out, err, key.statementLimit());
                key.language().start(context);
                next.complete(new Spare(context, out, err));
            } catch (RuntimeException | Error e) {
                next.completeExceptionally(e);
            }
        });
    }
}
