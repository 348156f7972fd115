package dev.polytrace.host.cli;

import dev.polytrace.host.rules.CompiledRule;
import dev.polytrace.host.rules.RuleDefinitions;
import dev.polytrace.host.rules.RuleFileException;
import dev.polytrace.host.rules.RuleSet;
import dev.polytrace.host.rules.RuleSource;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code polytrace rules check FILE...}: alert rule files, validated as {@code run --rules} would load them. */
@Command(name = "rules", description = "Alert rule files (see run --rules).",
        subcommands = {RulesCommand.Check.class})
public final class RulesCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "check", description = {"Validate rule files (in order, as --rules loads them; 'bundled' for "
            + "polytrace's own): YAML, lists, macros, conditions (CEL) and output templates.",
            "Prints the rules per tracer, or explains the first error with its file and line (exit code 1)."})
    public static final class Check implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(arity = "1..*", paramLabel = "FILE", description = "Rule files, or 'bundled'.")
        List<String> files = new ArrayList<>();

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            List<RuleSource> sources = files.stream().map(RuleSource::read).toList();
            RuleSet rules;
            try {
                rules = RuleSet.compile(RuleDefinitions.of(sources));
            } catch (RuleFileException e) {
                PrintWriter err = spec.commandLine().getErr();
                err.println(e.getMessage());
                sources.stream().filter(s -> s.name().equals(e.file())).findFirst()
                        .flatMap(s -> s.text().lines().skip(Math.max(0, e.line() - 1L)).findFirst())
                        .filter(line -> e.line() > 0)
                        .ifPresent(line -> err.printf("%6d | %s%n", e.line(), line));
                err.flush();
                return 1;
            }
            out.println(String.join(", ", files) + ": OK, " + rules.summary());
            for (CompiledRule rule : rules.rules()) {
                out.printf("  %-9s %s (%s)%n", rule.priority().label(), rule.name(),
                        rule.tracers().isEmpty() ? "every tracer" : String.join(", ", rule.tracers()));
            }
            out.flush();
            return 0;
        }
    }
}
