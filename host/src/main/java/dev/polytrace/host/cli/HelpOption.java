package dev.polytrace.host.cli;

import picocli.CommandLine.Option;

/** {@code -h}/{@code --help} as every subcommand takes it: {@code @Mixin HelpOption help;}. */
final class HelpOption {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;
}
