package dev.polytrace.bpf.internal;

import java.lang.ref.Cleaner;

/**
 * Releases one native resource exactly once: on {@link #close()} or, if its owner is
 * collected unclosed, from the Cleaner. The release action must not reference the owner.
 * Ownership can move to another object (an opened object becoming a loaded one) with
 * {@link #handOver(Object)}; the old owner's collection then releases nothing.
 */
public final class NativeResource implements AutoCloseable {
    private static final Cleaner CLEANER = Cleaner.create();

    private final Release release;
    private final Guard guard;
    private final Cleaner.Cleanable cleanable;

    public NativeResource(Object owner, Runnable action) {
        this(owner, new Release(action));
    }

    private NativeResource(Object owner, Release release) {
        this.release = release;
        this.guard = new Guard(release);
        this.cleanable = CLEANER.register(owner, guard);
    }

    /** The same resource, now released when {@code newOwner} is collected (or closed). */
    public NativeResource handOver(Object newOwner) {
        guard.disarmed = true;
        return new NativeResource(newOwner, release);
    }

    public boolean isClosed() {
        return release.done;
    }

    @Override
    public void close() {
        release.run();
        cleanable.clean();
    }

    private static final class Guard implements Runnable {
        private final Release release;
        private volatile boolean disarmed;

        Guard(Release release) {
            this.release = release;
        }

        @Override
        public void run() {
            if (!disarmed) {
                release.run();
            }
        }
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
