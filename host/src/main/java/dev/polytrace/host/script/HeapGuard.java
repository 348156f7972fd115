package dev.polytrace.host.script;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryNotificationInfo;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import javax.management.NotificationEmitter;

/**
 * The JVM heap as a handler's memory limit. GraalVM CE has no per-context heap limit and guest
 * objects live in the host's heap, so a handler allocating without bound would make every thread
 * of the JVM (ring-buffer readers included) fail with OutOfMemoryError. When the heap is still
 * more than {@value #CRITICAL_PERCENT}% full right after a garbage collection, the watchdog of the
 * guest call that has allocated the most since it began (by the JVM's per-thread allocation
 * counters) cancels its context, which frees what it holds. A call that allocated less than an
 * eighth of the heap is never blamed: a bystander whose short calls happen to run while another
 * handler's memory is still being released must not be taken for the allocator.
 *
 * <p>Detection is by the collection-usage threshold of the heap pools (a notification wakes the
 * watchdogs at once) and by the watchdogs' own checks on every tick. A handler that grows its
 * memory a little per event, never staying in a call, is not caught this way; it ends with the
 * guest's own out-of-memory error, which stops it as well.
 */
final class HeapGuard {
    static final int CRITICAL_PERCENT = 85;

    private static final Set<Watchdog> WATCHDOGS = ConcurrentHashMap.newKeySet();
    private static final List<MemoryPoolMXBean> POOLS = heapPools();
    private static final List<GarbageCollectorMXBean> COLLECTORS = ManagementFactory.getGarbageCollectorMXBeans();
    private static final com.sun.management.ThreadMXBean ALLOCATION_COUNTERS = allocationCounters();
    private static final long MAX_HEAP = Runtime.getRuntime().maxMemory();
    private static volatile long collectionsAtLastCancel = -1;
    private static boolean installed;

    private HeapGuard() {
    }

    static void watch(Watchdog watchdog) {
        install();
        WATCHDOGS.add(watchdog);
    }

    static void unwatch(Watchdog watchdog) {
        WATCHDOGS.remove(watchdog);
    }

    /**
     * Whether a pool is still critically full after its last collection; null if not, else why.
     * Figures from before the last cancel are stale (what it freed is only seen after the next
     * collection), so they do not count.
     */
    static String critical() {
        if (collections() <= collectionsAtLastCancel) {
            return null;
        }
        return fullAfterCollection();
    }

    /** Why the heap is critically full after its last collection, or null if it is not. */
    private static String fullAfterCollection() {
        for (MemoryPoolMXBean pool : POOLS) {
            MemoryUsage afterGc = pool.getCollectionUsage();
            long max = pool.getUsage().getMax();
            if (afterGc != null && max > 0 && afterGc.getUsed() * 100 > max * CRITICAL_PERCENT) {
                return String.format(Locale.ROOT, "the JVM heap was %d%% full after a garbage collection (%s: %d of"
                        + " %d MB)", afterGc.getUsed() * 100 / max, pool.getName(), afterGc.getUsed() >> 20, max >> 20);
            }
        }
        return null;
    }

    /**
     * Whether the call {@code candidate} watches is the one filling the heap: it allocated at least
     * an eighth of the heap since it began, and more than any other call in progress.
     */
    static boolean isCulprit(Watchdog candidate) {
        long mine = candidate.allocatedByCallInProgress();
        if (mine < MAX_HEAP / 8) {
            return false;
        }
        for (Watchdog other : WATCHDOGS) {
            if (other != candidate && other.allocatedByCallInProgress() > mine) {
                return false;
            }
        }
        return true;
    }

    /** Bytes the current thread has allocated in its lifetime, or -1 where the JVM does not count them. */
    static long allocatedByCurrentThread() {
        return ALLOCATION_COUNTERS == null ? -1 : ALLOCATION_COUNTERS.getCurrentThreadAllocatedBytes();
    }

    /** Bytes a live thread has allocated in its lifetime, or -1 if unknown. */
    static long allocatedByThread(long threadId) {
        return ALLOCATION_COUNTERS == null ? -1 : ALLOCATION_COUNTERS.getThreadAllocatedBytes(threadId);
    }

    private static com.sun.management.ThreadMXBean allocationCounters() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads
                && threads.isThreadAllocatedMemorySupported()) {
            threads.setThreadAllocatedMemoryEnabled(true);
            return threads;
        }
        return null;
    }

    /**
     * Before a context is rebuilt after a memory stop: collects until the heap is no longer
     * critically full, or until {@code patience} has passed. What a closed context held is not
     * always free at once (the engine's compilation queue, say, may still refer to its code for a
     * moment), and a fresh context started into a full heap fails with out-of-memory itself.
     *
     * @return whether the heap has room again
     */
    static boolean awaitRoom(Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            System.gc();
            if (fullAfterCollection() == null) {
                return true;
            }
            if (System.nanoTime() >= deadline) {
                return false;
            }
            LockSupport.parkNanos(100_000_000L);
        }
    }

    /** A watchdog cancelled a context for {@link #critical()}: wait for a collection before the next. */
    static void cancelled() {
        collectionsAtLastCancel = collections();
    }

    private static long collections() {
        long total = 0;
        for (GarbageCollectorMXBean gc : COLLECTORS) {
            total += Math.max(0, gc.getCollectionCount());
        }
        return total;
    }

    /** Sets the pools' thresholds once; their notifications wake every watchdog. */
    private static synchronized void install() {
        if (installed) {
            return;
        }
        installed = true;
        for (MemoryPoolMXBean pool : POOLS) {
            long max = pool.getUsage().getMax();
            if (max > 0 && pool.getCollectionUsageThreshold() == 0) { // 0: nobody else set one
                pool.setCollectionUsageThreshold(max / 100 * CRITICAL_PERCENT);
            }
        }
        if (ManagementFactory.getMemoryMXBean() instanceof NotificationEmitter emitter) {
            emitter.addNotificationListener((notification, handback) -> {
                if (MemoryNotificationInfo.MEMORY_COLLECTION_THRESHOLD_EXCEEDED.equals(notification.getType())) {
                    WATCHDOGS.forEach(Watchdog::wake);
                }
            }, null, null);
        }
    }

    /**
     * The old generation only: young pools (eden, survivor) are routinely full right after a
     * young collection under Parallel GC and say nothing about running out of heap.
     */
    private static List<MemoryPoolMXBean> heapPools() {
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP && p.isValid() && p.isCollectionUsageThresholdSupported())
                .toList();
        List<MemoryPoolMXBean> old = heap.stream()
                .filter(p -> p.getName().contains("Old") || p.getName().contains("Tenured"))
                .toList();
        return old.isEmpty() ? heap : old;
    }
}
