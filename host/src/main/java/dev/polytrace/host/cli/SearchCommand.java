package dev.polytrace.host.cli;

import dev.polytrace.host.oci.Catalogue;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code polytrace search [WORD] --registry HOST}: the tracers a registry holds. */
@Command(name = "search", description = {"List the tracers in an OCI registry (its catalog API), with their tags and "
        + "descriptions.", "WORD keeps those whose repository or description contains it. polytrace run NAME@HOST "
        + "runs the tag shown as LATEST."})
public final class SearchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Parameters(index = "0", arity = "0..1", paramLabel = "WORD", description = "Filter (any case).")
    String word;

    @Option(names = "--registry", required = true, paramLabel = "HOST[:PORT]", description = "The registry.")
    String registryHost;

    @Mixin
    RegistryAccess registry;

    @Override
    public Integer call() {
        List<Catalogue.Entry> entries = Catalogue.search(registryHost, registry.options(), word);
        PrintWriter out = spec.commandLine().getOut();
        if (entries.isEmpty()) {
            out.println(word == null ? "no tracers in " + registryHost : "no tracers matching '" + word + "' in "
                    + registryHost);
            out.flush();
            return 0;
        }
        List<List<String>> rows = entries.stream().map(e -> List.of(e.repository(), e.latest().orElse("-"),
                String.join(",", e.tags()), e.language(), e.description())).toList();
        RemoteOutput.table(out, List.of("REPOSITORY", "LATEST", "TAGS", "HANDLER", "DESCRIPTION"), rows);
        return 0;
    }
}
