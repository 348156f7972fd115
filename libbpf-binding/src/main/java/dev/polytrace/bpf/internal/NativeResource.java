package dev.polytrace.bpf.internal;

import java.lang.ref.Cleaner;

/**
 * Releases one native resource exactly once: on {@link #close()} or, if its owner is
 * collected unclosed, from the Cleaner. The release action must not reference the owner.
 */
public final class NativeResource implements AutoCloseable {
    private static final Cleaner CLEANER = Cleaner.create();

    private final Release release;
    private final Cleaner.Cleanable cleanable;

    public NativeResource(Object owner, Runnable action) {
        this.release = new Release(action);
        this.cleanable = CLEANER.register(owner, release);
    }

    public boolean isClosed() {
        return release.done;
    }

    @Override
    public void close() {
        cleanable.clean();
    }

    private static final class Release implements Runnable {
        private final Runnable action;
        private volatile boolean done;

        Release(Runnable action) {
            this.action = action;
        }

        @Override
        public synchronized void run() {
            if (!done) {
                done = true;
                action.run();
            }
        }
    }
}
