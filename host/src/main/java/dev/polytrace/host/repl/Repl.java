package dev.polytrace.host.repl;

import java.io.IOException;
import java.util.List;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.Parser.ParseContext;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;

/**
 * {@code polytrace repl}: a JS or Python prompt bound to a running tracer's {@code ctx}, with
 * {@code :commands}, completion and a persistent history. The caller owns the terminal: the CLI
 * gives the system terminal, tests a dumb one over pipes.
 *
 * <p>Ctrl-C cancels the line being edited (or stops what runs in the foreground); Ctrl-D on an
 * empty line, {@code :quit} or the end of input leaves, detaching the tracer. What the user
 * typed can fail; it then prints one message and the prompt comes back, the tracer untouched.
 */
public final class Repl {
    private final Terminal terminal;
    private final ReplOptions options;
    private final FrontEndCommands frontEndCommands;

    /** @param frontEndCommands the caller's commands that also run at the prompt */
    public Repl(Terminal terminal, ReplOptions options, FrontEndCommands frontEndCommands) {
        this.terminal = terminal;
        this.options = options;
        this.frontEndCommands = frontEndCommands;
    }

    /** Runs until the user leaves; everything loaded is detached when it returns. */
    public int run() {
        Attributes original = quietTypeAhead(terminal);
        try (InterruptRouter interrupts = new InterruptRouter(terminal);
                ReplSession session = new ReplSession(terminal, options, interrupts)) {
            // A closed terminal (SIGHUP) or a kill (SIGTERM) ends the process: detach cleanly first,
            // so that an attached handler still drains its events and runs its onExit.
            Thread detach = new Thread(session::close, "polytrace-repl-shutdown");
            Runtime.getRuntime().addShutdownHook(detach);
            try {
                MetaCommands commands = new MetaCommands(session, frontEndCommands);
                LineReader reader = lineReader(session, commands);
                session.attach(reader);
                start(session);
                loop(session, commands, reader);
                saveHistory(session, reader);
            } finally {
                removeHook(detach);
            }
        } finally {
            terminal.setAttributes(original);
        }
        return 0;
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down and runs it
        }
    }

    /**
     * Keys typed while a line runs are not echoed by the terminal, where they would land in the
     * middle of the output; the line editor shows them when it reads them for the next prompt.
     */
    private static Attributes quietTypeAhead(Terminal terminal) {
        Attributes original = terminal.getAttributes();
        Attributes quiet = new Attributes(original);
        quiet.setLocalFlag(Attributes.LocalFlag.ECHO, false);
        terminal.setAttributes(quiet);
        return original;
    }

    /** The line reader the prompt uses: parser, completion and history wired to {@code session}. */
    static LineReader lineReader(ReplSession session, MetaCommands commands) {
        return LineReaderBuilder.builder()
                .terminal(session.terminal())
                .appName("polytrace")
                .parser(new ReplParser(session::needsMore))
                .completer(new ReplCompleter(session, commands::names))
                .variable(LineReader.HISTORY_FILE, session.historyFile())
                .variable(LineReader.HISTORY_FILE_SIZE, 10_000)
                .variable(LineReader.SECONDARY_PROMPT_PATTERN, "... ")
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true) // "!" is an operator in both languages
                .option(LineReader.Option.HISTORY_IGNORE_DUPS, true)
                .build();
    }

    private void start(ReplSession session) {
        session.print("polytrace repl (" + options.language().displayName + "): :help lists the commands,"
                + " Tab completes, Ctrl-D leaves");
        if (options.packageSpec() != null) {
            attempt(session, () -> session.load(options.packageSpec(), options.params()));
        }
        attempt(session, session::console);
    }

    private static void loop(ReplSession session, MetaCommands commands, LineReader reader) {
        DefaultParser words = new DefaultParser();
        while (!session.quitRequested()) {
            String line;
            try {
                line = reader.readLine(session.prompt());
            } catch (UserInterruptException e) {
                continue; // Ctrl-C: the line is dropped
            } catch (EndOfFileException e) {
                break; // Ctrl-D or the end of input
            }
            if (line.isBlank()) {
                continue;
            }
            if (ReplParser.isCommand(line)) {
                List<String> split = words.parse(line.strip(), 0, ParseContext.SPLIT_LINE).words();
                attempt(session, () -> commands.execute(split));
            } else {
                attempt(session, () -> session.evaluate(line));
            }
        }
    }

    /** Runs one step of the prompt; a failure is one line, and the prompt goes on. */
    private static void attempt(ReplSession session, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            session.error(ReplErrors.message(e));
        }
    }

    private static void saveHistory(ReplSession session, LineReader reader) {
        try {
            reader.getHistory().save();
        } catch (IOException e) {
            session.error("history not saved to " + session.historyFile() + ": " + e.getMessage());
        }
    }
}
