package dev.polytrace.host.cli;

import dev.polytrace.host.repl.Repl;
import dev.polytrace.host.repl.ReplLanguage;
import dev.polytrace.host.repl.ReplOptions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Starts the interactive prompt on the process's terminal. */
@Command(name = "repl", description = {"Interactive JavaScript or Python prompt over a running tracer: its ctx "
        + "(maps, params, histograms), its latest events, :commands (:help lists them).",
        "History is kept in ~/.polytrace_history; Ctrl-D leaves and detaches everything."})
public final class ReplCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "PKG",
            description = "A tracer to load and attach first (path, URL or bundled name).")
    String packageSpec;

    @Option(names = "--lang", paramLabel = "js|python", defaultValue = "js",
            description = "The prompt's language (default: ${DEFAULT-VALUE}; :lang switches).")
    String language;

    @Option(names = {"-p", "--param"}, paramLabel = "NAME=VALUE", description = "Set a param of PKG (repeatable).")
    List<String> params = new ArrayList<>();

    @Mixin
    FilterOptions filters;

    @Option(names = "--no-handler", description = "Do not attach the package's own handler.")
    boolean noHandler;

    @Mixin
    StandaloneOption standalone;

    @Mixin
    HelpOption help;

    @Override
    public Integer call() throws IOException {
        ReplOptions options = ReplOptions.defaults()
                .withLanguage(ReplLanguage.parse(language))
                .withPackage(packageSpec, params)
                .withPackageHandler(!noHandler)
                .withFilter(filters.toFilter());
        // dumb(true): input that is not a terminal (a pipe) still gets a working, plain prompt.
        try (Terminal terminal = TerminalBuilder.builder().system(true).name("polytrace").dumb(true).build()) {
            return new Repl(terminal, options, PolytraceCommand::promptCommands).run();
        }
    }
}
