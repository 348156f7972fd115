package dev.polytrace.host.repl;

import java.util.concurrent.atomic.AtomicReference;
import org.jline.terminal.Terminal;

/**
 * Ctrl-C outside line editing goes to whatever the prompt is doing in the foreground: a running
 * input is interrupted, {@code :follow} and {@code :watch} stop. With nothing in the foreground it
 * is ignored, so it never ends the process (and with it the tracer) by accident. While a line is
 * edited, JLine installs its own handler (Ctrl-C cancels the line) and puts this one back after.
 */
final class InterruptRouter implements AutoCloseable {
    private final Terminal terminal;
    private final Terminal.SignalHandler previous;
    private final AtomicReference<Runnable> foreground = new AtomicReference<>();

    InterruptRouter(Terminal terminal) {
        this.terminal = terminal;
        this.previous = terminal.handle(Terminal.Signal.INT, signal -> fire());
    }

    /** Routes Ctrl-C to {@code action} until the returned scope is closed. */
    Scope route(Runnable action) {
        foreground.set(action);
        return () -> foreground.compareAndSet(action, null);
    }

    void fire() {
        Runnable action = foreground.get();
        if (action != null) {
            action.run();
        }
    }

    @Override
    public void close() {
        terminal.handle(Terminal.Signal.INT, previous);
    }

    /** A routing in effect. */
    interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
