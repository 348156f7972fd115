package dev.polytrace.host.script;

import dev.polytrace.host.pkg.PackageHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Watches a handler file and hot-swaps it in whenever its content changes ({@code run --handler
 * FILE --watch}), through the swap its owner does (the running tracer's, so it knows which
 * handler runs). The eBPF side stays attached; a new version that fails to load or to init is
 * rejected and the running one keeps going.
 */
public final class HandlerFileWatcher implements AutoCloseable {
    /** What happened to each change. */
    public interface Listener {
        void swapped(Path file, long millis);

        void rejected(Path file, String reason);
    }

    private final Path file;
    private final Consumer<PackageHandler> swap;
    private final Listener listener;
    private final WatchService watcher;
    private final Thread thread;
    private byte[] current;
    private volatile boolean closed;

    private HandlerFileWatcher(Path file, Consumer<PackageHandler> swap, Listener listener) throws IOException {
        this.file = file.toAbsolutePath();
        this.swap = swap;
        this.listener = listener;
        this.current = Files.readAllBytes(this.file);
        this.watcher = FileSystems.getDefault().newWatchService();
        // Editors save by rename as often as in place: watch the directory for both.
        this.file.getParent().register(watcher, StandardWatchEventKinds.ENTRY_MODIFY,
                StandardWatchEventKinds.ENTRY_CREATE);
        this.thread = new Thread(this::run, "polytrace-watch-" + file.getFileName());
        this.thread.setDaemon(true);
    }

    /**
     * @param swap puts a new version in place of the running one; throws when it does not load or
     *             init (the running one stays)
     */
    public static HandlerFileWatcher start(Path file, Consumer<PackageHandler> swap, Listener listener)
            throws IOException {
        HandlerFileWatcher w = new HandlerFileWatcher(file, swap, listener);
        w.thread.start();
        return w;
    }

    private void run() {
        try {
            while (!closed) {
                WatchKey key = watcher.poll(200, TimeUnit.MILLISECONDS);
                if (key == null) {
                    continue;
                }
                boolean ours = false;
                for (WatchEvent<?> event : key.pollEvents()) {
                    ours |= event.context() instanceof Path p && p.equals(file.getFileName());
                }
                key.reset();
                if (ours) {
                    swapIfChanged();
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closing
        }
    }

    /** Swaps in the file's current content if it differs from what is running; public for callers that poll. */
    public synchronized void swapIfChanged() {
        long start = System.nanoTime();
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            return; // mid-rename: the CREATE event of the new file comes next
        }
        if (content.length == 0 || Arrays.equals(content, current)) {
            return;
        }
        String name = file.getFileName().toString();
        PackageHandler next = new PackageHandler(PackageHandler.languageOf(name), name,
                new String(content, StandardCharsets.UTF_8));
        try {
            swap.accept(next);
            current = content;
            listener.swapped(file, (System.nanoTime() - start) / 1_000_000);
        } catch (RuntimeException e) {
            current = content; // do not retry the same broken text on every event
            listener.rejected(file, e.getMessage());
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            watcher.close();
        } catch (IOException ignored) {
            // nothing to release beyond the service itself
        }
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
