package dev.polytrace.host.cli;

import picocli.CommandLine.Option;

/**
 * {@code --standalone}: read by the launcher, which then starts this JVM instead of handing the
 * command to a local service; here it only needs to be accepted.
 */
public final class StandaloneOption {
    @Option(names = "--standalone", description = "Run in this process even when a local service (polytrace serve) "
            + "answers on its socket.")
    boolean standalone;
}
