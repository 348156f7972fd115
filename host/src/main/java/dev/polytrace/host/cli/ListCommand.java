package dev.polytrace.host.cli;

import dev.polytrace.host.input.UserError;
import dev.polytrace.host.bundled.BundledTracers;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** The bundled tracers, runnable by name. */
@Command(name = "list", description = "List the bundled tracers (run one with: polytrace run NAME).")
public final class ListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<BundledTracers.Entry> entries = BundledTracers.list();
        if (entries.isEmpty()) {
            throw new UserError("no bundled tracers found: build them with ./polytrace rebuild");
        }
        int width = entries.stream().mapToInt(e -> e.name().length()).max().orElse(4);
        for (BundledTracers.Entry e : entries) {
            out.printf("%-" + width + "s  %s%n", e.name(), e.description());
        }
        out.flush();
        return 0;
    }
}
