package dev.polytrace.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ManPageTest {
    private static final CommandLine CLI = PolytraceCommand.commandLine();

    @Test
    void aSubcommandsPageHasItsSynopsisAndEveryVisibleOption() {
        String serve = ManPage.render(CLI.getSubcommands().get("serve").getCommandSpec(), "polytrace 1.2");
        assertEquals(".TH POLYTRACE-SERVE 1 \"\" \"polytrace 1.2\" \"polytrace manual\"", serve.lines().findFirst().orElseThrow());
        assertTrue(serve.contains("\n.SH SYNOPSIS\n.nf\npolytrace serve "), serve);
        for (var option : CLI.getSubcommands().get("serve").getCommandSpec().options()) {
            String name = ManPage.text(option.longestName());
            assertEquals(!option.hidden(), serve.contains("\\fB" + name) || serve.contains(", " + name), name);
        }
    }

    @Test
    void theTopPageListsCommandsButNotHiddenOnes() {
        String top = ManPage.render(CLI.getCommandSpec(), "polytrace 1.2");
        assertTrue(top.contains(".TP\n\\fBrun\\fR\n"), top);
        assertTrue(top.contains("See \\fBpolytrace\\-run\\fR(1)."), top);
        assertFalse(top.contains("man\\-pages"), "the hidden man-pages command is listed");
    }

    @Test
    void textCannotStartARequestOrLoseABackslash() {
        assertEquals("\\&.bss and \\e\\-x", ManPage.text(".bss and \\-x"));
        assertEquals("a\n\\&'quoted", ManPage.text("a\n'quoted"));
    }

    @Test
    void completionIsABashScriptZshLoadsToo() {
        StringWriter out = new StringWriter();
        CommandLine cli = PolytraceCommand.commandLine(new PrintWriter(out), new PrintWriter(new StringWriter()));
        assertEquals(0, cli.execute("completion", "zsh"));
        assertTrue(out.toString().startsWith("#compdef polytrace\n"));
        assertTrue(out.toString().contains("bashcompinit"), "zsh needs bashcompinit for the script");
        assertTrue(out.toString().contains("--state-dir"), "serve's options");
        StringWriter err = new StringWriter();
        cli = PolytraceCommand.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertEquals(2, cli.execute("completion", "fish"));
        assertTrue(err.toString().contains("fish"), err.toString());
    }
}
