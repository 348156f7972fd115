package dev.polytrace.host.cli;

import dev.polytrace.host.input.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code polytrace man-pages DIR}: writes polytrace.1 and one page per subcommand (the release build runs it). */
@Command(name = "man-pages", hidden = true, description = "Write the man pages (section 1) into DIR.")
public final class ManPagesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "Directory to write NAME.1 files into.")
    Path dir;

    @Option(names = "--release", paramLabel = "VERSION", description = "The version the pages name (default: the jar's).")
    String release;

    @Override
    public Integer call() throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new UserError("man-pages: " + dir + " is not a directory");
        }
        Files.createDirectories(dir);
        String version = release != null ? "polytrace " + release : new VersionProvider().getVersion()[0];
        int pages = write(PolytraceCommand.commandLine(), version);
        spec.commandLine().getOut().println(pages + " man pages written to " + dir);
        return 0;
    }

    private int write(CommandLine cli, String version) throws IOException {
        CommandSpec s = cli.getCommandSpec();
        if (s.usageMessage().hidden() || s.name().equals("help")) {
            return 0;
        }
        Files.writeString(dir.resolve(ManPage.pageName(s) + ".1"), ManPage.render(s, version));
        int pages = 1;
        for (var e : s.subcommands().entrySet()) {
            if (e.getKey().equals(e.getValue().getCommandName())) {
                pages += write(e.getValue(), version);
            }
        }
        return pages;
    }
}
