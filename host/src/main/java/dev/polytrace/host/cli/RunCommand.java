package dev.polytrace.host.cli;

import dev.polytrace.bpf.VerifierException;
import dev.polytrace.bpf.btf.BtfType;
import dev.polytrace.host.output.JsonLinesSink;
import dev.polytrace.host.output.TableSink;
import dev.polytrace.host.pkg.PackageSources;
import dev.polytrace.host.pkg.TracerPackage;
import dev.polytrace.host.session.EventSink;
import dev.polytrace.host.session.ParamBinder;
import dev.polytrace.host.session.RunOptions;
import dev.polytrace.host.session.TracerSession;
import dev.polytrace.host.session.TypeNames;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Runs a tracer in the foreground until Ctrl-C, SIGTERM or --duration; prints decoded output. */
@Command(name = "run", description = "Run a tracer: a .tracer.json path, an http(s) URL, - for stdin, "
        + "an eunomia package.json, or a bundled tracer's name.")
public final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "PKG", description = "The tracer to run.")
    String packageSpec;

    @Option(names = {"-p", "--param"}, paramLabel = "NAME=VALUE", description = "Set a param (repeatable).")
    List<String> params = new ArrayList<>();

    @Option(names = "--attach", paramLabel = "PROGRAM.FIELD=VALUE",
            description = "Attach target override, e.g. xdp_count.iface=eth0 (repeatable).")
    List<String> attach = new ArrayList<>();

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

    @Override
    public Integer call() throws IOException {
        if (packageSpec == null) {
            if (help) {
                spec.commandLine().usage(spec.commandLine().getOut());
                return 0;
            }
            throw new UserError("run: missing PKG (a .tracer.json path, URL, -, or a bundled tracer name)");
        }
        TracerPackage pkg = PackageSources.load(packageSpec);
        if (help) {
            spec.commandLine().getOut().print(ParamsHelp.render(pkg));
            spec.commandLine().getOut().flush();
            return 0;
        }
        RunOptions options = new RunOptions(new ParamBinder(pkg).parse(params), AttachOverrides.parse(attach));
        try (PrintWriter out = openOutput()) {
            return run(pkg, options, out);
        }
    }

    private int run(TracerPackage pkg, RunOptions options, PrintWriter out) {
        CountDownLatch stop = new CountDownLatch(1);
        StopSignals.route(stop);
        TracerSession session;
        try {
            session = TracerSession.start(pkg, options, sink(pkg, out));
        } catch (VerifierException e) {
            if (verbose) {
                spec.commandLine().getErr().println(e.log());
            }
            throw new UserError(pkg.name() + ": the kernel's verifier rejected the program: " + e.summary()
                    + (verbose ? "" : " (full log: --verbose)"));
        }
        Thread cleanup = new Thread(session::close, "polytrace-shutdown");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            if (duration != null) {
                stop.await(duration.toMillis(), TimeUnit.MILLISECONDS);
            } else {
                stop.await();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            session.close();
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException ignored) {
                // already shutting down
            }
        }
        if (session.stats().lost() > 0 || session.stats().decodeErrors() > 0) {
            spec.commandLine().getErr().printf("polytrace: %d events, %d lost, %d undecodable%n",
                    session.stats().events(), session.stats().lost(), session.stats().decodeErrors());
        }
        return 0;
    }

    private EventSink sink(TracerPackage pkg, PrintWriter out) {
        if (json) {
            return new JsonLinesSink(out);
        }
        Map<String, BtfType> types = new HashMap<>();
        var btf = dev.polytrace.bpf.btf.Btf.fromElf(dev.polytrace.bpf.elf.ElfFile.parse(pkg.object().elf(), pkg.name()));
        pkg.outputs().events().forEach(s -> TypeNames.find(btf, s.type()).ifPresent(t -> types.put(s.map(), t)));
        return new TableSink(out, types);
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
        return new PrintWriter(Files.newBufferedWriter(output, StandardCharsets.UTF_8), true);
    }
}
