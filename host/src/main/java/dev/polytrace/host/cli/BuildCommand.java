package dev.polytrace.host.cli;

import dev.polytrace.host.input.UserError;
import dev.polytrace.host.build.BpfCpu;
import dev.polytrace.host.build.BuildRequest;
import dev.polytrace.host.build.CompilationFailedException;
import dev.polytrace.host.build.Define;
import dev.polytrace.host.build.EventTypeOverride;
import dev.polytrace.host.build.Toolchain;
import dev.polytrace.host.build.TracerBuilder;
import dev.polytrace.host.pkg.PackageReader;
import dev.polytrace.host.pkg.PackageWriter;
import dev.polytrace.host.pkg.TracerPackage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Compiles a .bpf.c (and an optional handler) into one NAME.tracer.json. */
@Command(name = "build", description = {
        "Compile a .bpf.c with clang into a NAME.tracer.json package.",
        "Annotations in /// comments: @event TYPE above a ring buffer or perf event array map, "
                + "@sample {...} above a map, @attach {...} above a program, @options {...} anywhere.",
        "Record types are also found through the source's own helpers around bpf_ringbuf_reserve and "
                + "bpf_perf_event_output, in the source and the headers it includes from its directory and -I."})
public final class BuildCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SOURCE", description = "The eBPF C source, e.g. execsnoop.bpf.c.")
    Path source;

    @Option(names = "-I", paramLabel = "DIR", description = "Add an include directory (repeatable).")
    List<Path> includeDirs = new ArrayList<>();

    @Option(names = "-D", paramLabel = "NAME[=VALUE]", description = "Define a macro for clang (repeatable).")
    List<String> defines = new ArrayList<>();

    @Option(names = "--mcpu", paramLabel = "v1|v2|v3|v4|probe", description = "The BPF instruction set to compile "
            + "for (default: v3, which every kernel with BTF runs; probe: what this kernel supports).")
    String mcpu;

    @Option(names = "--event", paramLabel = "MAP=TYPE", description = "The record type of a ring buffer or perf "
            + "event array map, e.g. events='struct event'; wins over @event and inference (repeatable).")
    List<String> eventTypes = new ArrayList<>();

    @Option(names = "--handler", paramLabel = "FILE", description = "A JavaScript (.js, .mjs) or Python (.py) handler.")
    Path handler;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Where to write (default: NAME.tracer.json).")
    Path output;

    @Option(names = "--name", paramLabel = "NAME", description = "Tracer name (default: SOURCE without .bpf.c).")
    String name;

    @Option(names = "--description", paramLabel = "TEXT",
            description = "Description (default: first line of the source's leading comment).")
    String description;

    @Option(names = "--version", paramLabel = "V", description = "Tracer version (default: "
            + BuildRequest.DEFAULT_VERSION + ").")
    String version;

    @Option(names = "--clang", paramLabel = "PATH", description = "The clang to run (default: clang from PATH).")
    String clang;

    @Option(names = "--bpftool", paramLabel = "PATH", description = "The bpftool that generates vmlinux.h.")
    String bpftool;

    @Option(names = "--remote", paramLabel = "URL", description = "Build on a polytrace daemon (polytrace serve) "
            + "instead of with clang here: the source and the headers it includes from its directory and -I are sent.")
    String remote;

    @Option(names = "--token-file", paramLabel = "FILE", description = "With --remote: the daemon's token file "
            + "(default: $POLYTRACE_TOKEN, else ~/.config/polytrace/token).")
    Path tokenFile;

    @Mixin
    HelpOption help;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        byte[] document;
        TracerPackage pkg;
        if (remote != null) {
            document = RemoteBuild.run(this, err);
            pkg = PackageReader.read(document, remote);
        } else {
            try {
                pkg = TracerBuilder.build(request(err));
            } catch (CompilationFailedException e) {
                // clang's own diagnostics, verbatim, and any hint; the summary goes through the usual error path
                err.print(e.details());
                err.flush();
                throw e;
            }
            document = PackageWriter.write(pkg);
        }
        Path target = output != null ? output : Path.of(pkg.name() + ".tracer.json");
        try {
            Files.write(target, document);
        } catch (IOException e) {
            throw new UserError("cannot write " + target + ": " + (e.getMessage() == null ? e : e.getMessage()), e);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("wrote %s (%d bytes, object %d bytes, sha256 %s)%n", target, document.length,
                pkg.object().size(), pkg.object().sha256());
        out.flush();
        return 0;
    }

    private BuildRequest request(PrintWriter err) {
        Toolchain toolchain = Toolchain.system();
        if (clang != null) {
            toolchain = toolchain.withClang(clang);
        }
        if (bpftool != null) {
            toolchain = toolchain.withBpftool(bpftool);
        }
        BuildRequest request = BuildRequest.of(source).withToolchain(toolchain).withWarnings(w -> {
            err.print(w);
            err.flush();
        });
        for (Path dir : includeDirs) {
            request = request.withIncludeDir(dir);
        }
        for (String define : defines) {
            request = request.withDefine(Define.parse(define));
        }
        if (mcpu != null) {
            request = request.withCpu(BpfCpu.parse(mcpu));
        }
        for (String eventType : eventTypes) {
            request = request.withEventType(EventTypeOverride.parse(eventType));
        }
        if (handler != null) {
            request = request.withHandler(handler);
        }
        if (name != null) {
            request = request.withName(name);
        }
        if (description != null) {
            request = request.withDescription(description);
        }
        return version != null ? request.withVersion(version) : request;
    }
}
