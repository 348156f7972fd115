package dev.polytrace.host.script;

import dev.polytrace.host.system.StartPriority;
import dev.polytrace.host.system.StartupTrace;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.EnvironmentAccess;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotAccess;
import org.graalvm.polyglot.ResourceLimits;
import org.graalvm.polyglot.SandboxPolicy;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.io.IOAccess;

/**
 * The one place guest contexts are built. Every context gets least privilege: the CONSTRAINED
 * sandbox policy, host access only to members annotated {@code @HostAccess.Export}, no file
 * system, sockets, processes, threads, environment, native code, host class lookup or other
 * languages; stdout and stderr go to the streams the caller gives (the handler's log).
 *
 * <p>Denials are also set explicitly below, although CONSTRAINED rejects or defaults most of them:
 * CONSTRAINED itself accepts {@code allowCreateThread(true)} and {@code PolyglotAccess.ALL}. Host
 * class lookup is the exception: it is left at its default (none), because setting any lookup
 * predicate, even one that refuses everything, gives JS a {@code Java} global to probe with.
 *
 * <p>One {@link Engine} per language is shared by all contexts, built on first use: a shared
 * engine shares parsed and compiled code, which makes every context after the first cheap, and
 * that matters for hot swap.
 */
public final class SandboxFactory {
    /**
     * Statements one host-to-guest call may execute before the context is killed, when the handler
     * runs without a watchdog ({@code --handler-timeout 0}).
     *
     * <p>The time budget enforced by the watchdog ({@link Context#interrupt}) is the real per-call
     * limit: it stops a runaway call and leaves the context usable. A statement limit cannot do
     * that (once exceeded the context is dead), and compiled code gets through even this count in
     * about a second, so beside a watchdog it is set out of reach ({@link HandlerOptions#statementBackstop}).
     * Without one it is the backstop: reset before every call, set far above anything a handler
     * does legitimately (a batch of 256 events at a million statements each is 2.6e8); a context
     * it kills is rebuilt.
     */
    public static final long DEFAULT_STATEMENT_LIMIT = Integer.MAX_VALUE;

    private static final SandboxFactory SHARED = new SandboxFactory();

    /**
     * CONSTRAINED plus host arrays: the host's event loops read events from host arrays and
     * report progress into one (see {@link EventDispatch}); the handler is given no host array.
     * One instance, as contexts share compiled code only when their host access is the same.
     */
    private static final HostAccess GUEST_LOOP_HOST_ACCESS = HostAccess.newBuilder(HostAccess.CONSTRAINED)
            .allowArrayAccess(true).build();

    private final Map<HandlerLanguage, Engine> engines = new HashMap<>();
    // The engine keeps the first context built with a statement limit for as long as it lives
    // (Truffle's engine-wide statement counter holds it in its source filter): a context of our
    // own that never runs anything, so that no handler's context, and what it allocated, stays
    // reachable after it closed. Never initialized, it costs next to nothing. Its limit is the one
    // handlers under a watchdog get ({@link HandlerOptions#statementBackstop}): while every context
    // has the same limit, the engine compiles it in as a constant.
    private final Map<HandlerLanguage, Context> limitAnchors = new HashMap<>();
    // One ResourceLimits instance per limit: contexts with the same instance can share compiled
    // code (a context with limits of its own gets its code compiled anew).
    private final Map<Long, ResourceLimits> limits = new ConcurrentHashMap<>();

    // The next spare is built once the deploy that took one has handled its first batch (or is
    // gone), rather than against that deploy's load, attach and first events on the same CPUs; at
    // the latest this long after the take, so that deploys in quick succession without events
    // still find one begun (bench/README.md, the startup suite, has the trade-off measured).
    private static final Duration SPARE_REFILL_BOUND = Duration.ofSeconds(1);

    private volatile SpareContexts spares;

    private SandboxFactory() {
    }

    /**
     * From now on, keeps one context per language ready, built and initialized after each one
     * taken (see {@link SpareContexts}); for long-lived hosts, where the next handler's load
     * should not pay for a language's start. A one-shot run does not want the CPU it costs.
     */
    public synchronized void keepSpareContexts() {
        if (spares == null || !spares.refills()) {
            spares = SpareContexts.refilling(this::buildContext, SPARE_REFILL_BOUND);
        }
    }

    /**
     * Starts one context of the language now, on a thread of its own, for the one handler a run is
     * about to load (its file named on the command line): the language's start, the larger part
     * of such a run's start, then overlaps the command line, the package and the kernel side. The
     * handler's load takes it when it has the usual statement limit (the backstop beside a
     * watchdog); nothing is started after it.
     *
     * @param languageId "js" or "python"
     */
    public synchronized void startAhead(String languageId) {
        if (spares == null) {
            spares = SpareContexts.oneShot(this::buildContext);
        }
        spares.prepare(HandlerLanguage.byId(languageId), Long.MAX_VALUE);
    }

    /**
     * A language's engine was built in this JVM: its classes and compiled code stay for the JVM's
     * life, whatever is closed (a daemon gives them back by renewing itself).
     */
    public synchronized boolean hasBuiltAnEngine() {
        return !engines.isEmpty();
    }

    /** The JVM-wide factory (engines are costly to build and are meant to be shared). */
    public static SandboxFactory shared() {
        return SHARED;
    }

    /**
     * A context for an interactive prompt (the REPL): the same sandbox as a handler's, with no
     * statement limit, since the user stops a runaway line with Ctrl-C ({@link Context#interrupt}).
     *
     * @param languageId "js" or "python"
     */
    public Context newInteractiveContext(String languageId, OutputStream out, OutputStream err) {
        return newContext(HandlerLanguage.byId(languageId), out, err, 0);
    }

    /**
     * A new sandboxed context for {@code language}.
     *
     * @param statementLimit statements per call (see {@link #DEFAULT_STATEMENT_LIMIT}); 0 or less: none.
     *                       The caller resets it with {@link Context#resetLimits()} before each call.
     */
    Context newContext(HandlerLanguage language, OutputStream out, OutputStream err, long statementLimit) {
        SpareContexts ready = spares;
        return ready != null ? ready.take(language, out, err, statementLimit)
                : buildContext(language, out, err, statementLimit);
    }

    /**
     * The handler in {@code context} (from {@link #newContext}) has handled its first batch, or is
     * gone: the next spare context, held back so as not to compete with its start, may be built.
     */
    void takerStarted(Context context) {
        SpareContexts ready = spares;
        if (ready != null) {
            ready.takerStarted(context);
        }
    }

    private Context buildContext(HandlerLanguage language, OutputStream out, OutputStream err, long statementLimit) {
        Context.Builder builder = Context.newBuilder(language.id)
                .engine(engine(language))
                .sandbox(SandboxPolicy.CONSTRAINED)
                .allowHostAccess(GUEST_LOOP_HOST_ACCESS)
                .allowHostClassLoading(false)
                .allowIO(IOAccess.NONE)
                .allowCreateThread(false)
                .allowCreateProcess(false)
                .allowNativeAccess(false)
                .allowPolyglotAccess(PolyglotAccess.NONE)
                .allowEnvironmentAccess(EnvironmentAccess.NONE)
                .allowExperimentalOptions(false)
                .in(InputStream.nullInputStream())
                .out(out)
                .err(err)
                .options(language.contextOptions());
        if (statementLimit > 0) {
            builder.resourceLimits(limits.computeIfAbsent(statementLimit,
                    limit -> ResourceLimits.newBuilder().statementLimit(limit, SandboxFactory::countsStatements).build()));
        }
        return builder.build();
    }

    /**
     * The statement limit counts the handler's statements, not those of the host's own guest code
     * (the dispatch loops and Python's event types), which runs per event and would otherwise pay
     * for the counting too. A handler could compile code under that name and escape the count,
     * but not the watchdog, which is the real limit.
     */
    private static boolean countsStatements(Source source) {
        return !source.isInternal() && !source.getName().startsWith(HandlerLanguage.DISPATCH_SOURCE_NAME);
    }

    private synchronized Engine engine(HandlerLanguage language) {
        Engine engine = engines.get(language);
        if (engine == null) {
            engine = Engine.newBuilder(language.id)
                    .sandbox(SandboxPolicy.CONSTRAINED)
                    // Engine-level output is Truffle's own (compilation warnings): keep it visible.
                    .out(OutputStream.nullOutputStream())
                    .err(new FilterOutputStream(System.err) {
                        @Override
                        public void close() throws IOException {
                            flush(); // never close the JVM's stderr
                        }
                    })
                    .build();
            engines.put(language, engine);
            StartupTrace.mark(language.id + " engine built");
            StartPriority.compilerThreadsMayHaveStarted(); // Truffle's, with its first engine
            limitAnchors.put(language, buildContext(language, OutputStream.nullOutputStream(),
                    OutputStream.nullOutputStream(), Long.MAX_VALUE));
        }
        return engine;
    }
}
