package dev.polytrace.host.cli;

import dev.polytrace.host.input.DurationParser;
import dev.polytrace.host.input.UserError;
import dev.polytrace.bpf.VerifierException;
import dev.polytrace.host.maps.MapReports;
import dev.polytrace.host.output.JsonLinesSink;
import dev.polytrace.host.output.TableSink;
import dev.polytrace.host.output.TerminalText;
import dev.polytrace.host.pkg.AlternativeHooks;
import dev.polytrace.host.pkg.ObjectContents;
import dev.polytrace.host.pkg.PackageHandler;
import dev.polytrace.host.pkg.TracerPackage;
import dev.polytrace.host.rules.ContainerLookup;
import dev.polytrace.host.rules.RuleSource;
import dev.polytrace.host.rules.TracerRules;
import dev.polytrace.host.script.HandlerOptions;
import dev.polytrace.host.script.HandlerReport;
import dev.polytrace.host.script.HandlerFileWatcher;
import dev.polytrace.host.session.EventSink;
import dev.polytrace.host.session.MapPrinting;
import dev.polytrace.host.session.ParamBinder;
import dev.polytrace.host.session.EventTypes;
import dev.polytrace.host.session.RunOptions;
import dev.polytrace.host.system.StartupTrace;
import dev.polytrace.host.tracer.HandlerStartException;
import dev.polytrace.host.tracer.RunningTracer;
import dev.polytrace.host.tracer.TracerRequest;
import dev.polytrace.script.metrics.MetricsRegistry;
import dev.polytrace.script.api.HandlerLog;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Runs a tracer in the foreground until Ctrl-C, SIGTERM or --duration; prints decoded output. With a
 * handler (the package's own, or {@code --handler FILE}), events go to the handler instead, and only
 * what it emits is printed.
 */
@Command(name = "run", description = {"Run a tracer: a .tracer.json path, an http(s) URL, - for stdin, "
        + "an eunomia package.json, a bundled tracer's name, oci://HOST/REPO[:TAG|@DIGEST] or NAME@HOST.",
        "NAME@HOST (or a reference without tag) runs the repository's latest tag; PKG#sha256=HEX refuses any other "
                + "package.",
        "With a handler (the package's own or --handler), events go to the handler and only the records it "
                + "passes to ctx.emit are printed (table columns from the first record's keys); its ctx.log and "
                + "print/console.log output goes to stderr.",
        "When the run ends, every other map with entries (not an event stream, sampled, hidden by the package or "
                + "one of libbpf's data sections) is printed: histograms for values with a slots array, tables "
                + "sorted by value for integers, rows for structs; then, the same way, every non-zero .bss/.data "
                + "global that is not a param, static, hidden or named __*."})
public final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "PKG", description = "The tracer to run.",
            completionCandidates = BundledTracerNames.class)
    String packageSpec;

    /** Made here, not by picocli: the command line sets its invocation before the tree is built. */
    @Mixin
    ServedInvocation served = new ServedInvocation();

    @Mixin
    FilterOptions filters;

    @Option(names = {"-p", "--param"}, paramLabel = "NAME=VALUE", description = "Set a param (repeatable).",
            completionCandidates = BundledParamNames.class)
    List<String> params = new ArrayList<>();

    @Option(names = "--attach", paramLabel = "PROGRAM.FIELD=VALUE",
            description = "Attach target override, e.g. xdp_count.iface=eth0 (repeatable).")
    List<String> attach = new ArrayList<>();

    @Option(names = "--map-size", paramLabel = "MAP=N",
            description = "Set a map's max_entries before load, as a tool's C code would (repeatable); maps that "
                    + "declare none get a default, announced on stderr.")
    List<String> mapSizes = new ArrayList<>();

    @Option(names = "--disable-program", paramLabel = "PROGRAM",
            description = "Do not load this program (repeatable), e.g. to use the raw_tp alternative of a tp_btf "
                    + "program; of alternatives for one hook only the preferred one the kernel supports is loaded.")
    List<String> disabledPrograms = new ArrayList<>();

    @Option(names = {"-j", "--json"}, description = "Print JSON Lines instead of a table.")
    boolean json;

    @Option(names = {"-d", "--duration"}, converter = DurationParser.class, paramLabel = "DURATION",
            description = "Stop after this long (10s, 500ms, 2m).")
    Duration duration;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write output to FILE instead of stdout.")
    Path output;

    @Option(names = {"-v", "--verbose"}, description = "Show the full verifier log when a load fails.")
    boolean verbose;

    @Option(names = {"-h", "--help"}, description = "Show this help, or with PKG the tracer's params.")
    boolean help;

    @Option(names = "--handler", paramLabel = "FILE",
            description = "Run the package with this JS (.js, .mjs) or Python (.py) handler instead of its own.")
    Path handlerFile;

    @Option(names = "--watch", description = "With --handler: swap the handler in, without detaching, whenever "
            + "the file changes (a broken version is rejected and the running one kept).")
    boolean watch;

    @Option(names = "--warm-up", converter = DurationParser.class, paramLabel = "DURATION",
            description = "Before attaching, run the handler this long on synthetic events (its output "
                    + "discarded), then load its file afresh in the same sandbox, so the JIT has compiled it before "
                    + "real events come; without a handler, write synthetic records to a discarded copy of the "
                    + "output (for busy tracers; e.g. 8s).")
    Duration warmUp;

    @Option(names = "--no-maps", description = "Do not print the tracer's other maps (those that are neither event "
            + "streams nor sampled) when the run ends.")
    boolean noMaps;

    @Option(names = "--top", paramLabel = "N", description = "Rows of each printed map's table, biggest values "
            + "first (default: 20; 0: every row).")
    Integer top;

    @Option(names = {"-i", "--interval"}, converter = DurationParser.class, paramLabel = "DURATION",
            description = "Print the other maps every DURATION too (e.g. 5s), not only when the run ends.")
    Duration interval;

    @Option(names = "--handler-timeout", converter = DurationParser.class, paramLabel = "DURATION",
            description = "Budget of one handler call before it is interrupted (default: the package's, 1s; 0: none).")
    Duration handlerTimeout;

    @Option(names = "--rules", paramLabel = "FILE", description = "Alert rules (YAML, Falco-like) to check every "
            + "event against before the handler; 'bundled' for polytrace's own (repeatable: later files may redefine "
            + "lists, macros and rules of earlier ones). Alerts are printed with the output.")
    List<String> ruleFiles = new ArrayList<>();

    @Option(names = "--alert-webhook", paramLabel = "URL", description = "With --rules: also POST each alert as JSON "
            + "to URL (repeatable; retried with backoff, dropped and counted when the queue is full).")
    List<URI> webhooks = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        StartupTrace.mark("command line parsed");
        if (packageSpec == null) {
            if (help) {
                spec.commandLine().usage(spec.commandLine().getOut());
                return 0;
            }
            throw new UserError("run: missing PKG (a .tracer.json path, URL, -, or a bundled tracer name)");
        }
        TracerPackage pkg = served.locate(packageSpec);
        StartupTrace.mark("package read");
        if (handlerFile != null) {
            pkg = pkg.withHandler(readHandler(handlerFile, served.resolve(handlerFile)));
        }
        if (watch && handlerFile == null) {
            throw new UserError("--watch needs --handler FILE: it watches that file");
        }
        if (help) {
            spec.commandLine().getOut().print(ParamsHelp.render(pkg));
            spec.commandLine().getOut().flush();
            return 0;
        }
        PrintWriter err = spec.commandLine().getErr();
        RunOptions options = new RunOptions(new ParamBinder(pkg).parse(params), AttachOverrides.parse(attach),
                MapSizeOptions.parse(mapSizes), new LinkedHashSet<>(disabledPrograms), notice -> {
                    err.println("polytrace: " + notice);
                    err.flush();
                }, mapPrinting(), filters.toFilter());
        // Rule files are checked before anything is loaded.
        try (TracerRules rules = TracerRules.load(ruleFiles.stream().map(RuleSource::read).toList(), webhooks,
                pkg.name(), ContainerLookup.HOST_ONLY, options.notices());
             PrintWriter out = openOutput()) {
            return run(pkg, options, out, rules);
        }
    }

    private int run(TracerPackage pkg, RunOptions options, PrintWriter out, TracerRules rules) {
        CountDownLatch stop = new CountDownLatch(1);
        served.invocation.stops().accept(stop);
        RunningTracer tracer = start(pkg, request(pkg, options, out, rules)
                .withHandlerStop(cause -> stop.countDown()));
        // On stderr, so --json output stays clean; scripts and tests wait for it before triggering.
        spec.commandLine().getErr().printf("polytrace: tracing %s: %d program%s attached%s (Ctrl-C to stop)%n",
                pkg.name(), tracer.links().size(), tracer.links().size() == 1 ? "" : "s",
                pkg.handler().map(h -> ", handler " + h.fileName()).orElse(""));
        spec.commandLine().getErr().flush();
        try (ShutdownCleanup cleanup = ShutdownCleanup.install("polytrace-shutdown", tracer::close)) {
            if (watch && tracer.handler().isPresent()) {
                watchHandler(tracer);
            }
            if (duration != null) {
                stop.await(duration.toMillis(), TimeUnit.MILLISECONDS);
            } else {
                stop.await();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (tracer.stats().lost() > 0 || tracer.stats().decodeErrors() > 0) {
            spec.commandLine().getErr().printf("polytrace: %d events, %d lost, %d undecodable%n",
                    tracer.stats().events(), tracer.stats().lost(), tracer.stats().decodeErrors());
        }
        rules.close(); // the webhooks post what is queued before the summary counts it
        if (!rules.summary().isEmpty()) {
            spec.commandLine().getErr().println("polytrace: " + rules.summary());
        }
        return tracer.handlerReport().map(this::handlerSummary).orElse(0);
    }

    /**
     * The command line as a request: the package (its own handler or --handler), its output and
     * budgets, and its rules (their alerts go to the output).
     */
    private TracerRequest request(TracerPackage pkg, RunOptions options, PrintWriter out, TracerRules rules) {
        HandlerOptions handlerOptions = HandlerOptions.from(pkg.options());
        if (handlerTimeout != null) {
            handlerOptions = handlerOptions.withCallTimeout(handlerTimeout);
        }
        TracerRequest request = TracerRequest.of(pkg, options, sink(pkg, out)).withHandlerOptions(handlerOptions)
                .withHandlerServices(new MetricsRegistry(), terminalLog()).withRules(rules);
        return warmUp == null ? request
                : request.withWarmUp(warmUp, () -> sink(pkg, new PrintWriter(Writer.nullWriter())));
    }

    private MapPrinting mapPrinting() {
        if (noMaps && (top != null || interval != null)) {
            throw new UserError("--no-maps prints no map: --top and --interval do not go with it");
        }
        if (top != null && top < 0) {
            throw new UserError("--top " + top + ": give 0 (every row) or more");
        }
        if (interval != null && (interval.isZero() || interval.isNegative())) {
            throw new UserError("--interval must be positive");
        }
        return new MapPrinting(!noMaps, top == null ? MapReports.DEFAULT_TOP : top, Optional.ofNullable(interval));
    }

    private RunningTracer start(TracerPackage pkg, TracerRequest request) {
        try {
            return RunningTracer.start(request);
        } catch (VerifierException e) {
            if (verbose) {
                spec.commandLine().getErr().println(e.log());
            }
            throw new UserError(pkg.name() + ": the kernel's verifier rejected the program: " + e.summary()
                    + (verbose ? "" : " (full log: --verbose)") + alternativeHint(pkg, e.summary()));
        } catch (HandlerStartException e) {
            if (e.stage() == HandlerStartException.Stage.INIT && e.isHandlerError()) {
                throw new UserError("handler init failed: " + e.getMessage());
            }
            if (e.stage() == HandlerStartException.Stage.LOAD
                    && (e.isHandlerError() || e.failure() instanceof IllegalArgumentException)) {
                throw new UserError("handler " + e.getMessage());
            }
            throw e.failure();
        }
    }

    /**
     * "; --disable-program x_btf loads its raw_tp alternative instead" when the rejected program
     * has an alternative the user did not disable.
     */
    private String alternativeHint(TracerPackage pkg, String summary) {
        if (!summary.startsWith("prog '") || summary.indexOf('\'', 6) < 0) {
            return "";
        }
        String rejected = summary.substring(6, summary.indexOf('\'', 6));
        return AlternativeHooks.fallbackHint(ObjectContents.of(pkg).programs().stream()
                .filter(p -> !disabledPrograms.contains(p.name())).toList(), rejected).map(h -> "; " + h).orElse("");
    }

    /** --watch: the file is swapped in on each change, until the run ends. */
    private void watchHandler(RunningTracer tracer) {
        PrintWriter err = spec.commandLine().getErr();
        try {
            tracer.watchHandler(served.resolve(handlerFile), new HandlerFileWatcher.Listener() {
                @Override
                public void swapped(Path file, long millis) {
                    err.printf("polytrace: %s changed: new handler running (swap took %d ms)%n", file.getFileName(),
                            millis);
                    err.flush();
                }

                @Override
                public void rejected(Path file, String reason) {
                    err.printf("polytrace: %s changed but was rejected, the previous handler keeps running: %s%n",
                            file.getFileName(), reason);
                    err.flush();
                }
            });
        } catch (IOException e) {
            throw new UserError("--watch " + handlerFile + ": cannot watch (" + e.getMessage() + ")");
        }
    }

    /** Prints the handler's one-line summary; exit code 1 when the handler stopped the run. */
    private int handlerSummary(HandlerReport report) {
        String summary = report.summary();
        if (!summary.isEmpty()) {
            spec.commandLine().getErr().println("polytrace: " + summary);
        }
        return report.stopCause() == null ? 0 : 1;
    }

    /** ctx.log and the guest's stdout/stderr on the command's stderr; debug lines only with --verbose. */
    private HandlerLog terminalLog() {
        PrintWriter err = spec.commandLine().getErr();
        return (level, text) -> {
            String message = TerminalText.block(text); // the handler is not trusted with the terminal
            switch (level) {
                case DEBUG -> {
                    if (verbose) {
                        err.println(message);
                    }
                }
                case INFO -> err.println(message);
                case WARN -> err.println("warning: " + message);
                case ERROR -> err.println("error: " + message);
                default -> err.println(message);
            }
            err.flush();
        };
    }

    /** {@code file} as the user named it (for messages), {@code resolved} against their working directory. */
    private static PackageHandler readHandler(Path file, Path resolved) throws IOException {
        String fileName = file.getFileName().toString();
        String language = PackageHandler.languageOf(fileName);
        if (language == null) {
            throw new UserError("--handler " + file + ": use a .js, .mjs or .py file");
        }
        if (!Files.isRegularFile(resolved)) {
            throw new UserError("--handler " + file + ": no such file");
        }
        return new PackageHandler(language, fileName, Files.readString(resolved, StandardCharsets.UTF_8));
    }

    private EventSink sink(TracerPackage pkg, PrintWriter out) {
        if (json) {
            return new JsonLinesSink(out);
        }
        return new TableSink(out, EventTypes.of(pkg));
    }

    private PrintWriter openOutput() throws IOException {
        if (output == null) {
            PrintWriter stdout = spec.commandLine().getOut();
            return new PrintWriter(stdout) {
                @Override
                public void close() {
                    flush(); // never close the command's own stdout
                }
            };
        }
        return new PrintWriter(Files.newBufferedWriter(served.resolve(output), StandardCharsets.UTF_8), true);
    }
}
