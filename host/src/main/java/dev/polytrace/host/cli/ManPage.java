package dev.polytrace.host.cli;

import dev.polytrace.host.bundled.BundledTracers;
import dev.polytrace.host.pkg.PackageParam;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** One command's man page in roff (man(7) macros), made from its picocli model. */
final class ManPage {
    private final CommandSpec spec;
    private final String version;
    private final StringBuilder roff = new StringBuilder();

    private ManPage(CommandSpec spec, String version) {
        this.spec = spec;
        this.version = version;
    }

    /** polytrace-remote-deploy for {@code polytrace remote deploy}. */
    static String pageName(CommandSpec spec) {
        return spec.qualifiedName("-");
    }

    static String render(CommandSpec spec, String version) {
        return new ManPage(spec, version).render();
    }

    private String render() {
        String name = pageName(spec);
        List<String> description = List.of(spec.usageMessage().description());
        line(".TH " + name.toUpperCase() + " 1 \"\" \"" + text(version) + "\" \"polytrace manual\"");
        line(".SH NAME");
        line(text(name) + " \\- " + text(description.isEmpty() ? "" : description.get(0)));
        line(".SH SYNOPSIS");
        line(".nf");
        line(text(synopsis()));
        line(".fi");
        if (description.size() > 1) {
            line(".SH DESCRIPTION");
            description.subList(1, description.size()).forEach(p -> line(".PP\n" + text(p)));
        }
        section("ARGUMENTS", spec.positionalParameters().stream().filter(p -> !p.hidden()).map(ArgSpec.class::cast).toList());
        section("OPTIONS", spec.options().stream().filter(o -> !o.hidden()).map(ArgSpec.class::cast).toList());
        commands();
        if (spec.name().equals("run") && spec.parent() != null && spec.parent().parent() == null) {
            bundledTracers();
        }
        line(".SH SEE ALSO");
        line(spec.parent() == null ? ".BR polytrace-run (1), " + ".BR polytrace-serve (1)" : ".BR polytrace (1)");
        return roff.toString();
    }

    private String synopsis() {
        CommandLine cli = spec.commandLine();
        cli.setColorScheme(Help.defaultColorScheme(Help.Ansi.OFF));
        return cli.getHelp().synopsis(0).strip();
    }

    private void section(String heading, List<ArgSpec> args) {
        if (args.isEmpty()) {
            return;
        }
        line(".SH " + heading);
        for (ArgSpec arg : args) {
            line(".TP");
            line("\\fB" + text(label(arg)) + "\\fR");
            line(text(String.join(" ", arg.description())));
        }
    }

    private static String label(ArgSpec arg) {
        if (arg instanceof OptionSpec o) {
            String names = String.join(", ", o.names());
            return o.arity().max() > 0 ? names + " " + o.paramLabel() : names;
        }
        return ((PositionalParamSpec) arg).paramLabel();
    }

    private void commands() {
        Map<String, CommandLine> subs = spec.subcommands();
        if (subs.isEmpty()) {
            return;
        }
        line(".SH COMMANDS");
        subs.forEach((name, sub) -> {
            CommandSpec s = sub.getCommandSpec();
            if (s.usageMessage().hidden() || !s.name().equals(name)) {
                return; // hidden, or an alias
            }
            String[] d = s.usageMessage().description();
            line(".TP\n\\fB" + text(name) + "\\fR");
            line(text(d.length == 0 ? "" : d[0]) + " See \\fB" + text(pageName(s)) + "\\fR(1).");
        });
    }

    private void bundledTracers() {
        line(".SH BUNDLED TRACERS");
        line("Run one by name; its params are set with \\fB\\-\\-param NAME=VALUE\\fR.");
        for (BundledTracers.Entry e : BundledTracers.list()) {
            line(".TP\n\\fB" + text(e.name()) + "\\fR");
            line(text(e.description()));
            for (PackageParam p : BundledParamNames.params(e.name())) {
                line(".br\n\\fI" + text(p.name()) + "\\fR (" + text(p.cType()) + ", default "
                        + text(String.valueOf(p.defaultValue())) + ")" + (p.help().isBlank() ? "" : ": " + text(p.help())));
            }
        }
    }

    /** Text for roff: backslashes and hyphens escaped, no line taken for a request. */
    static String text(String s) {
        String escaped = s.replace("\\", "\\e").replace("-", "\\-");
        return escaped.replaceAll("(?m)^([.'])", "\\\\&$1");
    }

    private void line(String s) {
        roff.append(s).append('\n');
    }
}
