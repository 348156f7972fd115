package dev.polytrace.host.cli;

import dev.polytrace.bpf.LibbpfStatus;
import dev.polytrace.host.pkg.PackageHandler;
import dev.polytrace.host.script.SandboxFactory;
import dev.polytrace.host.system.StartPriority;

/**
 * What a command can start from its raw arguments, before picocli has parsed them, so that it
 * overlaps the command line, the package and the kernel side instead of following them: the
 * libbpf binding for commands that load an object, and the language of a handler file named
 * with {@code --handler} (its first context is the larger part of such a run's start). A
 * command line that turns out wrong only wasted the work.
 */
final class EarlyStarts {
    private EarlyStarts() {
    }

    static void begin(String[] args) {
        if (args.length == 0 || !(args[0].equals("run") || args[0].equals("repl"))) {
            return;
        }
        LibbpfStatus.bindInBackground();
        if (args[0].equals("run")) {
            StartPriority.lowerCompilersUntilStarted();
            String language = handlerLanguage(args);
            if (language != null) {
                SandboxFactory.shared().startAhead(language);
            }
        }
    }

    /** "js" or "python" for {@code --handler FILE} or {@code --handler=FILE}; null without one (or before "--"). */
    static String handlerLanguage(String[] args) {
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--")) {
                return null;
            }
            String file = args[i].startsWith("--handler=") ? args[i].substring("--handler=".length())
                    : args[i].equals("--handler") && i + 1 < args.length ? args[i + 1] : null;
            if (file != null) {
                return PackageHandler.languageOf(file);
            }
        }
        return null;
    }
}
