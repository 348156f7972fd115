package dev.polytrace.host.repl;

import dev.polytrace.bpf.BpfMap;
import dev.polytrace.bpf.VerifierException;
import dev.polytrace.host.input.UserError;
import dev.polytrace.host.pkg.PackageHandler;
import dev.polytrace.host.pkg.PackageOutputs;
import dev.polytrace.host.pkg.PackageSources;
import dev.polytrace.host.pkg.TracerPackage;
import dev.polytrace.host.script.HandlerException;
import dev.polytrace.script.api.HandlerContext;
import dev.polytrace.script.api.HandlerLog;
import dev.polytrace.script.api.LogLevel;
import dev.polytrace.script.metrics.MetricsRegistry;
import dev.polytrace.script.symbols.Symbolizer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jline.reader.LineReader;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;
import org.jline.utils.WriterOutputStream;

/**
 * The state behind the prompt: the terminal it prints to, the tracer it is attached to (at most
 * one), and a guest console per language, each bound to a {@code ctx} that follows the tracer.
 * Used from the prompt's thread; handler messages arrive from other threads through {@link #async}.
 */
final class ReplSession implements AutoCloseable {
    private static final int DEFAULT_WIDTH = 100;

    private final Terminal terminal;
    private final ReplOptions options;
    private final InterruptRouter interrupts;
    private final MetricsRegistry metrics = new MetricsRegistry();
    private final Symbolizer symbolizer = Symbolizer.system();
    private final ReplEnvironment environment;
    private final Map<ReplLanguage, GuestConsole> consoles = new EnumMap<>(ReplLanguage.class);
    private final StatsReport stats = new StatsReport();
    private volatile LoadedTracer tracer;
    private volatile LineReader reader;
    private ReplLanguage language;
    private boolean quit;
    private boolean closed;

    ReplSession(Terminal terminal, ReplOptions options, InterruptRouter interrupts) {
        this.terminal = terminal;
        this.options = options;
        this.interrupts = interrupts;
        this.language = options.language();
        this.environment = new ReplEnvironment(() -> tracer, metrics, symbolizer, log("ctx.log"));
    }

    void attach(LineReader lineReader) {
        this.reader = lineReader;
    }

    Terminal terminal() {
        return terminal;
    }

    InterruptRouter interrupts() {
        return interrupts;
    }

    Path historyFile() {
        return options.historyFile();
    }

    // ---- output

    void print(String text) {
        terminal.writer().print(text.endsWith("\n") || text.isEmpty() ? text : text + "\n");
        terminal.writer().flush();
    }

    void error(String message) {
        print(new AttributedString(message, AttributedStyle.DEFAULT.foreground(AttributedStyle.RED)).toAnsi(terminal));
    }

    /** A line from another thread: printed above the prompt being edited, which is then redrawn. */
    void async(String line) {
        LineReader r = reader;
        if (r != null) {
            r.printAbove(line);
        } else {
            print(line);
        }
    }

    int width() {
        int width = terminal.getWidth();
        return width > 0 ? width : DEFAULT_WIDTH;
    }

    /** Java values in the current language's notation. */
    JavaDisplay display() {
        return new JavaDisplay(language);
    }

    StatsReport stats() {
        return stats;
    }

    // ---- the tracer

    Optional<LoadedTracer> tracer() {
        return Optional.ofNullable(tracer);
    }

    LoadedTracer requireTracer() {
        LoadedTracer t = tracer;
        if (t == null) {
            throw new UserError("no tracer loaded (:load PKG)");
        }
        return t;
    }

    /**
     * Loads and attaches {@code spec}; the tracer loaded before is detached once the new one runs,
     * so a package that fails to load leaves the old one in place.
     */
    void load(String spec, List<String> params) {
        TracerPackage pkg = PackageSources.load(spec);
        LoadedTracer next;
        try {
            next = LoadedTracer.start(pkg, params, options.filter(), metrics, log("handler"), options.eventCapacity());
        } catch (VerifierException e) {
            throw new UserError(pkg.name() + ": the kernel's verifier rejected the program: " + e.summary());
        }
        LoadedTracer previous = tracer;
        tracer = next;
        if (previous != null) {
            previous.close();
            print("detached " + previous.name());
        }
        print(describe(next));
        if (options.packageHandler() && pkg.handler().isPresent()) {
            try {
                print(next.attachHandler(pkg.handler().get()));
            } catch (HandlerException e) {
                error("the package's handler did not start: " + e.getMessage() + " (the tracer runs without it)");
            }
        }
    }

    synchronized void unload() {
        LoadedTracer t = tracer;
        if (t != null) {
            tracer = null;
            t.close();
            print("detached " + t.name());
        }
    }

    /** Attaches a handler file to the tracer, or swaps it in for the running handler. */
    void attachHandler(Path file) {
        LoadedTracer t = requireTracer();
        String fileName = file.getFileName().toString();
        String handlerLanguage = PackageHandler.languageOf(fileName);
        if (handlerLanguage == null) {
            throw new UserError(":handler " + file + ": use a .js, .mjs or .py file");
        }
        String source;
        try {
            source = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UserError(":handler " + file + ": cannot read it (" + e.getMessage() + ")");
        }
        try {
            print(t.attachHandler(new PackageHandler(handlerLanguage, fileName, source)));
        } catch (HandlerException e) {
            throw new UserError("handler not attached: " + e.getMessage()
                    + (t.handlerFile() != null ? " (" + t.handlerFile() + " keeps running)" : ""));
        }
    }

    private HandlerLog log(String source) {
        return (level, message) -> async("[" + source + (level == LogLevel.INFO ? "" : " "
                + level.name().toLowerCase(Locale.ROOT)) + "] " + message);
    }

    private static String describe(LoadedTracer t) {
        StringBuilder line = new StringBuilder("loaded ").append(t.name()).append(": ")
                .append(t.object().programs().size()).append(" program(s) attached; maps ")
                .append(t.object().maps().stream().map(BpfMap::name).collect(Collectors.joining(", ")));
        List<PackageOutputs.EventStream> streams = t.pkg().outputs().events();
        if (!streams.isEmpty()) {
            line.append("; events from ").append(streams.stream().map(s -> s.map() + " (" + s.type() + ")")
                    .collect(Collectors.joining(", ")));
        }
        return line.toString();
    }

    /** The latest events as plain maps for the guest's {@code events()}, oldest first. */
    private List<Map<String, Object>> recentEvents(int count, String stream) {
        LoadedTracer t = tracer;
        List<Map<String, Object>> events = new ArrayList<>();
        if (t != null) {
            for (RecordedEvent e : t.events().latest(count, stream)) {
                events.add(new LinkedHashMap<>(e.fields()));
            }
        }
        return events;
    }

    // ---- the guest languages

    ReplLanguage language() {
        return language;
    }

    void switchLanguage(ReplLanguage next) {
        language = next;
        console();
    }

    /** The console of the current language, started on first use. */
    GuestConsole console() {
        GuestConsole console = consoles.get(language);
        if (console == null || !console.isUsable()) {
            language.startNotice().ifPresent(this::print);
            console = new GuestConsole(language, new HandlerContext(environment), this::recentEvents,
                    guestStream(), guestStream());
            consoles.put(language, console);
        }
        return console;
    }

    /** The current language's console if it was started; completion never starts one. */
    Optional<GuestConsole> startedConsole() {
        return Optional.ofNullable(consoles.get(language)).filter(GuestConsole::isUsable);
    }

    boolean needsMore(String code) {
        return startedConsole().map(c -> c.needsMore(code))
                .orElseGet(() -> language.needsMore(code));
    }

    /** Evaluates a line of the current language and prints its value or its error. */
    void evaluate(String code) {
        GuestConsole console = console();
        String source = language.evaluated(code);
        EvalOutcome outcome;
        try (InterruptRouter.Scope ignored = interrupts.route(console::interrupt)) {
            outcome = console.eval(source, width());
        }
        terminal.writer().flush();
        switch (outcome.kind()) {
            case VALUE -> {
                if (!outcome.text().isEmpty()) {
                    print(outcome.text());
                }
            }
            case ERROR -> error(outcome.text());
            case EXIT -> quit = true;
            default -> throw new IllegalStateException(outcome.kind().name());
        }
    }

    /** Guest stdout and stderr: straight to the terminal, between the prompts. */
    private OutputStream guestStream() {
        return new WriterOutputStream(terminal.writer(), StandardCharsets.UTF_8) {
            @Override
            public void close() throws IOException {
                flush(); // the terminal outlives every context
            }
        };
    }

    String prompt() {
        LoadedTracer t = tracer;
        return (t == null ? "" : t.name() + " ") + language.promptName + "> ";
    }

    void requestQuit() {
        quit = true;
    }

    boolean quitRequested() {
        return quit;
    }

    /** Detaches the tracer (handler drained, programs and maps gone) and closes every context. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            unload();
        } finally {
            consoles.values().forEach(GuestConsole::close);
            consoles.clear();
        }
    }
}
