package dev.polytrace.host.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code polytrace completion bash|zsh}: the completion script made from this command tree, with
 * the bundled tracers' names and params. zsh runs the same script through its bashcompinit.
 */
@Command(name = "completion", description = {"Print the shell completion script for bash or zsh.",
        "bash: source it, or install it as /usr/share/bash-completion/completions/polytrace. "
                + "zsh: install it as _polytrace in a directory of $fpath."})
public final class CompletionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SHELL", description = "bash or zsh.")
    Shell shell;

    enum Shell { bash, zsh }

    @Override
    public Integer call() {
        String script = AutoComplete.bash("polytrace", PolytraceCommand.commandLine());
        if (shell == Shell.zsh) {
            script = "#compdef polytrace\n" + script;
        }
        spec.commandLine().getOut().print(script);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
