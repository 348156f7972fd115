package dev.polytrace.host.repl;

import dev.polytrace.host.cli.PolytraceCommand;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;

/**
 * A REPL on a dumb terminal over in-memory pipes, driven the way a person types: one line, then
 * wait for the next prompt. The terminal echoes nothing, so what the REPL prints between two
 * prompts is exactly the answer to the line.
 *
 * <p>The terminal is a {@link DumbTerminal} built directly: on this machine
 * {@code TerminalBuilder.builder().system(false).streams(in, out).dumb(true)} picks the JNI
 * provider's pty-backed terminal, whose input pump closed at once. Its signal keys are set up as
 * a tty's ({@code ISIG}, {@code VINTR} = ^C), so a 0x03 byte raises SIGINT like a key press.
 */
final class PipedRepl implements AutoCloseable {
    private static final Pattern PROMPT = Pattern.compile("(?s).*(js|py)> $");
    private static final Duration PROMPT_TIMEOUT = Duration.ofSeconds(90);

    private final KeyboardStream keyboard = new KeyboardStream();
    private final ByteArrayOutputStream screen = new ByteArrayOutputStream();
    private final Terminal terminal;
    private final Thread thread;
    private volatile int exitCode = -1;
    private volatile Throwable failure;
    private int mark;

    PipedRepl(ReplOptions options) throws IOException {
        terminal = new DumbTerminal("repl-test", Terminal.TYPE_DUMB, keyboard, new SynchronizedOutput(screen),
                StandardCharsets.UTF_8);
        Attributes attributes = terminal.getAttributes();
        attributes.setLocalFlag(Attributes.LocalFlag.ISIG, true);
        attributes.setControlChar(Attributes.ControlChar.VINTR, 3);
        // The other signal keys as a tty has them: left unset they read as -1, which is also the
        // end of input, and the dumb terminal would take Ctrl-D for ^\ and read on forever.
        attributes.setControlChar(Attributes.ControlChar.VQUIT, 28);
        attributes.setControlChar(Attributes.ControlChar.VSUSP, 26);
        attributes.setControlChar(Attributes.ControlChar.VSTATUS, 20);
        terminal.setAttributes(attributes);
        Repl repl = new Repl(terminal, options, PolytraceCommand::promptCommands);
        thread = new Thread(() -> {
            try {
                exitCode = repl.run();
            } catch (Throwable t) {
                failure = t;
            }
        }, "repl-under-test");
        thread.setDaemon(true);
        thread.start();
    }

    /** Options for a test: a fresh history file, the given package and params. */
    static ReplOptions options(String packageSpec, String... params) {
        return ReplOptions.defaults().withHistoryFile(ReplFixtures.historyFile())
                .withPackage(packageSpec, java.util.List.of(params));
    }

    /** Waits for the first prompt; returns what was printed before it (banner, load messages). */
    String start() {
        return awaitPrompt();
    }

    /** Types {@code line} and Enter; returns what the REPL printed before the next prompt. */
    String enter(String line) {
        type(line + "\n");
        return awaitPrompt();
    }

    /** Types without waiting. */
    void type(String keys) {
        keyboard.feed(keys.getBytes(StandardCharsets.UTF_8));
    }

    /** Everything printed since the last answer, without waiting for a prompt. */
    synchronized String pending() {
        String all = screenText();
        return all.substring(Math.min(mark, all.length()));
    }

    /** Waits until the printed text since the last answer contains {@code text}. */
    String awaitText(String text, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String seen = pending();
            if (seen.contains(text)) {
                return seen;
            }
            sleep();
        }
        throw new AssertionError("no '" + text + "' within " + timeout + "; the screen shows:\n" + pending());
    }

    String awaitPrompt() {
        long deadline = System.nanoTime() + PROMPT_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            checkAlive();
            String answer = takeAnswer();
            if (answer != null) {
                return answer;
            }
            sleep();
        }
        throw new AssertionError("no prompt within " + PROMPT_TIMEOUT + "; the screen shows:\n" + pending());
    }

    /**
     * If what was printed since the last answer ends with a prompt, it is the next answer: returned
     * without the prompt, and the mark moves to its end. The mark comes from the same reading of
     * the screen, so output printed after the prompt stays pending for the next look.
     */
    private synchronized String takeAnswer() {
        String all = screenText();
        String seen = all.substring(Math.min(mark, all.length()));
        if (!PROMPT.matcher(seen).matches()) {
            return null;
        }
        mark = all.length();
        return seen.substring(0, seen.lastIndexOf('\n') + 1);
    }

    /** Ctrl-D on an empty line (the end of input): waits for the REPL to finish and returns its exit code. */
    int endOfInput() throws InterruptedException {
        keyboard.close();
        thread.join(TimeUnit.SECONDS.toMillis(60));
        if (thread.isAlive()) {
            throw new AssertionError("the REPL did not end after Ctrl-D; the screen shows:\n" + pending());
        }
        if (failure != null) {
            throw new AssertionError("the REPL failed", failure);
        }
        return exitCode;
    }

    @Override
    public void close() throws Exception {
        if (thread.isAlive()) {
            endOfInput();
        }
        terminal.close();
    }

    private String screenText() {
        synchronized (screen) {
            return screen.toString(StandardCharsets.UTF_8).replace("\r", "");
        }
    }

    private void checkAlive() {
        if (!thread.isAlive()) {
            throw new AssertionError("the REPL ended (exit " + exitCode + ")"
                    + (failure != null ? " with " + failure : "") + "; the screen shows:\n" + pending());
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }

    /** What the user types: bytes queued for the terminal; closing it is the end of input. */
    private static final class KeyboardStream extends InputStream {
        private static final int END = -1;
        private final LinkedBlockingQueue<Integer> keys = new LinkedBlockingQueue<>();
        private volatile boolean ended;

        void feed(byte[] bytes) {
            for (byte b : bytes) {
                keys.add(b & 0xff);
            }
        }

        @Override
        public int read() throws IOException {
            try {
                int key = keys.take();
                if (key == END) {
                    keys.add(END); // every later read sees the end too
                }
                return key;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            int first = read();
            if (first == END) {
                return END;
            }
            b[off] = (byte) first;
            int n = 1;
            while (n < len && !keys.isEmpty() && keys.peek() != END) {
                b[off + n++] = (byte) (int) keys.poll();
            }
            return n;
        }

        @Override
        public int available() {
            return ended ? 0 : keys.size();
        }

        @Override
        public void close() {
            if (!ended) {
                ended = true;
                keys.add(END);
            }
        }
    }

    /** The screen, written by the REPL thread and the tracer's threads (handler log lines). */
    private static final class SynchronizedOutput extends OutputStream {
        private final ByteArrayOutputStream target;

        SynchronizedOutput(ByteArrayOutputStream target) {
            this.target = target;
        }

        @Override
        public void write(int b) {
            synchronized (target) {
                target.write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            synchronized (target) {
                target.write(b, off, len);
            }
        }
    }
}
