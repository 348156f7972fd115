package dev.polytrace.host.repl;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.utils.NonBlockingReader;

/**
 * The loop behind {@code :follow} and {@code :watch}: runs a step every interval until Ctrl-C (or
 * {@code q}), then hands the terminal back to the prompt. The terminal is read meanwhile, in raw
 * mode, so that a key needs no Enter and a terminal without signals (a dumb one over pipes) still
 * sees its Ctrl-C.
 */
final class LiveView {
    private static final long POLL_MILLIS = 100;
    private static final int CTRL_C = 3;

    /** Why the view ended. */
    enum End {
        STOPPED,
        END_OF_INPUT
    }

    private final Terminal terminal;
    private final InterruptRouter interrupts;

    LiveView(Terminal terminal, InterruptRouter interrupts) {
        this.terminal = terminal;
        this.interrupts = interrupts;
    }

    /** Calls {@code step} at once and then every {@code interval} until the user stops it. */
    End run(Duration interval, Runnable step) {
        AtomicBoolean stop = new AtomicBoolean();
        Attributes saved = terminal.enterRawMode();
        try (InterruptRouter.Scope ignored = interrupts.route(() -> stop.set(true))) {
            long next = System.nanoTime();
            NonBlockingReader keys = terminal.reader();
            while (!stop.get()) {
                long now = System.nanoTime();
                if (now - next >= 0) {
                    step.run();
                    terminal.flush();
                    next = now + interval.toNanos();
                }
                long wait = Math.max(1, Math.min(POLL_MILLIS, (next - System.nanoTime()) / 1_000_000));
                int key = keys.read(wait);
                if (key == NonBlockingReader.EOF) {
                    return End.END_OF_INPUT;
                }
                if (key == 'q' || key == CTRL_C) {
                    stop.set(true);
                }
            }
            return End.STOPPED;
        } catch (IOException e) {
            return End.END_OF_INPUT;
        } finally {
            terminal.setAttributes(saved);
        }
    }
}
