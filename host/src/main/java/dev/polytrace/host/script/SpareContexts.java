package dev.polytrace.host.script;

import dev.polytrace.host.system.StartupTrace;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.graalvm.polyglot.Context;

/**
 * One context per language and statement limit, built and initialized ahead of the handler that
 * will run in it, for long-lived hosts (the daemon): starting a language in a new context is most
 * of what loading a handler costs (GraalPy imports its core modules anew in every context), and
 * here it happens after the previous deploy rather than during the next one. Taking a spare starts
 * the next once the taker is under way ({@link #takerStarted}); a spare still being built when
 * asked for is waited for, as it started earlier than a fresh one would.
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
    private final Duration refillBound;
    private final Map<Key, Pending> spares = new ConcurrentHashMap<>();
    // Per context taken: the refill it holds back until its handler is under way.
    private final Map<Context, CompletableFuture<Void>> refillsHeldBack = new ConcurrentHashMap<>();

    /**
     * A spare being built or waiting to be: whoever claims it first builds it, the thread preparing
     * it or a taker that came before that thread started (which then builds its own at once).
     */
    private static final class Pending {
        final CompletableFuture<Spare> built = new CompletableFuture<>();
        final AtomicBoolean claimed = new AtomicBoolean();
    }

    private SpareContexts(Builder builder, boolean refill, Duration refillBound) {
        this.builder = builder;
        this.refill = refill;
        this.refillBound = refillBound;
    }

    /**
     * Spares for a long-lived host: taking one prepares the next once the taker's handler has
     * handled its first batch or is gone ({@link #takerStarted}), or {@code refillBound} after the
     * take, whichever comes first, so that building it does not compete for the CPUs with the
     * start of the handler that took one (its load, attach and first events).
     */
    static SpareContexts refilling(Builder builder, Duration refillBound) {
        return new SpareContexts(builder, true, refillBound);
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
        if (!refill) {
            return spareOrFresh(pending, language, out, err, statementLimit);
        }
        CompletableFuture<Void> takerUnderWay = new CompletableFuture<Void>().completeOnTimeout(null,
                refillBound.toNanos(), TimeUnit.NANOSECONDS);
        prepare(key, takerUnderWay);
        Context taken;
        try {
            taken = spareOrFresh(pending, language, out, err, statementLimit);
        } catch (RuntimeException | Error e) {
            takerUnderWay.complete(null);
            throw e;
        }
        refillsHeldBack.put(taken, takerUnderWay);
        takerUnderWay.thenRun(() -> refillsHeldBack.remove(taken, takerUnderWay)); // at the latest after the bound
        return taken;
    }

    private Context spareOrFresh(Pending pending, HandlerLanguage language, OutputStream out, OutputStream err,
            long statementLimit) {
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

    /**
     * The handler in {@code context}, taken from here, has handled its first batch, or is gone
     * (closed, failed to load): the refill its take held back may be built now.
     */
    void takerStarted(Context context) {
        CompletableFuture<Void> heldBack = refillsHeldBack.remove(context);
        if (heldBack != null) {
            heldBack.complete(null);
        }
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
        prepare(new Key(language, statementLimit), CompletableFuture.completedFuture(null));
    }

    private void prepare(Key key, CompletableFuture<Void> when) {
        Pending next = new Pending();
        if (spares.putIfAbsent(key, next) != null) {
            return;
        }
        Thread.ofPlatform().daemon().name("polytrace-spare-" + key.language().id).start(() -> {
            when.join(); // completes at the latest after the refill bound
            if (!next.claimed.compareAndSet(false, true)) {
                return; // taken, or closed, before its build began
            }
            LateOutputStream out = new LateOutputStream();
            LateOutputStream err = new LateOutputStream();
            try {
                Context context = builder.build(key.language(), out, err, key.statementLimit());
                key.language().start(context);
                StartupTrace.mark("spare " + key.language().id + " context ready");
                next.built.complete(new Spare(context, out, err));
            } catch (RuntimeException | Error e) {
                next.built.completeExceptionally(e);
            }
        });
    }
}
