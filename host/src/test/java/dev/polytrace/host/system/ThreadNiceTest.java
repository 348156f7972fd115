package dev.polytrace.host.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ThreadNiceTest {
    @Test
    void lowersOnlyTheThreadItIsAskedFor() throws Exception {
        int ownTid = ThreadNice.currentThreadId().orElseThrow();
        int ownNice = niceOf(ownTid);
        AtomicInteger seen = new AtomicInteger(Integer.MIN_VALUE);
        AtomicInteger otherTid = new AtomicInteger();
        Thread background = Thread.ofPlatform().start(() -> {
            int tid = ThreadNice.currentThreadId().orElseThrow();
            otherTid.set(tid);
            assertTrue(ThreadNice.set(tid, ThreadNice.BACKGROUND));
            seen.set(niceOf(tid));
        });
        background.join();
        assertEquals(ThreadNice.BACKGROUND, seen.get(), "the background thread's nice in /proc");
        assertTrue(otherTid.get() != ownTid);
        assertEquals(ownNice, niceOf(ownTid), "the calling thread keeps its own");
    }

    /** Field 19 of /proc/self/task/TID/stat (after the command name, which may hold spaces). */
    private static int niceOf(int tid) {
        try {
            String stat = Files.readString(Path.of("/proc/self/task/" + tid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Integer.parseInt(fields[16]);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
