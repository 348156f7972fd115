package dev.polytrace.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The daemon's memory and warm deploy time ({@code bench/run startup}): a real {@code polytrace
 * serve} started through the launcher; its resident memory when idle (20 s without a request,
 * then settled) after start and after CYCLES deploy/delete cycles (no handler, JS and Python in turn), then
 * again once the daemon renewed itself in place (serve --renew-after {@value #RENEW_AFTER}, not the default
 * 10m, to keep the run short: it does so after that long with nothing deployed and no request, to give
 * back what the handler languages keep), and per tracer
 * deployed (what 2N more JS tracers beside N add, idle both times, then the same for Python, with exec
 * events flowing); and the p50 of POST answered per language
 * over the cycles, each language's first {@value #WARM_UP_PER_LANGUAGE} left out. Events come
 * from the exec marker bench/run keeps running. Prints {@code DAEMON key=value...} lines, and
 * exits 1 if the daemon holds more file descriptors after the cycles than before them (a leak)
 * or did not stop cleanly.
 *
 * <pre>DaemonMemory POLYTRACE PACKAGE CYCLES N</pre>
 */
public final class DaemonMemory {
    private static final int WARM_UP_PER_LANGUAGE = 5;
    private static final long SETTLE_STEP_MILLIS = 500;
    private static final long SETTLE_MAX_MILLIS = 30_000;
    // Idle means idle for longer than the daemon's periodic GC and native-heap trim interval
    // (15 s, set by the launcher for serve): what it gives back when left alone is what counts.
    private static final long IDLE_MILLIS = 20_000;
    private static final String[] LANGUAGES = {null, "js", "python"};
    /**
     * Longer than the idle spells of the per-tracer measures (20 s, then up to 30 s twice to settle),
     * so that the renewal comes where it is awaited.
     */
    static final String RENEW_AFTER = "2m";
    /** The renewal is due 2 min after the last request; a minute more for the measures before the wait. */
    private static final long RENEWAL_WAIT_SECONDS = 180;

    private final DaemonClient daemon;
    private final JsonNode pkg;

    private DaemonMemory(DaemonClient daemon, JsonNode pkg) {
        this.daemon = daemon;
        this.pkg = pkg;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: DaemonMemory POLYTRACE PACKAGE CYCLES N");
            System.exit(2);
        }
        JsonNode pkg = DaemonClient.JSON.readTree(Files.readString(Path.of(args[1])));
        int cycles = Integer.parseInt(args[2]);
        int perTracer = Integer.parseInt(args[3]);
        boolean ok;
        try (DaemonClient daemon = DaemonClient.start(Path.of(args[0]), "--renew-after", RENEW_AFTER)) {
            ok = new DaemonMemory(daemon, pkg).measure(cycles, perTracer);
            ok &= daemon.stop();
        }
        System.exit(ok ? 0 : 1);
    }

    private boolean measure(int cycles, int perTracer) throws Exception {
        double idle = idleRssMb();
        long fdsBefore = openFds();
        System.out.printf(Locale.ROOT, "DAEMON idle_start_mb=%.1f fds=%d%n", idle, fdsBefore);
        Map<String, List<Double>> deployMillis = new LinkedHashMap<>();
        for (int i = 0; i < cycles; i++) {
            String language = LANGUAGES[i % LANGUAGES.length];
            long t0 = System.nanoTime();
            String id = daemon.deploy(pkg, language, "c" + i, "pid");
            double millis = (System.nanoTime() - t0) / 1e6;
            daemon.delete(id);
            List<Double> times = deployMillis.computeIfAbsent(name(language), k -> new ArrayList<>());
            times.add(millis);
        }
        long cyclesEnded = System.nanoTime();
        double afterCycles = idleRssMb();
        long fdsAfter = openFds();
        System.out.printf(Locale.ROOT, "DAEMON idle_after_cycles_mb=%.1f cycles=%d fds=%d%n", afterCycles, cycles,
                fdsAfter);
        if (!awaitRenewal()) {
            System.err.println("DaemonMemory: the daemon did not renew in place within " + RENEWAL_WAIT_SECONDS
                    + " s of going idle; its log ends: " + tail(daemon.log()));
            return false;
        }
        double renewedAfterSeconds = (System.nanoTime() - cyclesEnded) / 1e9;
        double afterRenewal = settledRssMb();
        System.out.printf(Locale.ROOT, "DAEMON idle_after_renewal_mb=%.1f cycles=%d fds=%d renewed_within_s=%.0f"
                + " renew_after=%s%n", afterRenewal, cycles, openFds(), renewedAfterSeconds, RENEW_AFTER);
        deployMillis.forEach((language, times) -> System.out.printf(Locale.ROOT,
                "DAEMON deploy_p50_ms=%.1f language=%s n=%d%n", p50(times.subList(
                        Math.min(WARM_UP_PER_LANGUAGE, times.size() - 1), times.size())), language,
                times.size() - Math.min(WARM_UP_PER_LANGUAGE, times.size() - 1)));
        perTracer("js", perTracer);
        perTracer("python", perTracer);
        if (fdsAfter > fdsBefore) {
            System.err.printf("DaemonMemory: the daemon holds %d file descriptors after the cycles, %d before%n",
                    fdsAfter, fdsBefore);
            return false;
        }
        return true;
    }

    /**
     * Resident memory each tracer of {@code language} holds: {@code n} deployed, then {@code 2n}
     * more, each state measured idle as the daemon's other figures are; the difference over the
     * {@code 2n} (a state's figure moves by tens of MB from run to run, so the more tracers the
     * difference spans, the less of that is left in it per tracer). The first {@code n}'s rise over
     * the idle daemon before them is printed beside it: it also holds the heap's growth from the
     * size the last collection compacted it to back to its working size, which comes once, not
     * per tracer.
     *
     * <p>Each state is also measured right after a full collection asked for from outside
     * ({@code jcmd PID GC.run}, which returns once it is done): with events flowing, the idle
     * figures include however much garbage and committed heap G1 holds at that moment, which
     * swings by tens of MB between runs; after the collection, the heap is what the tracers hold.
     * And the live Java heap alone ({@link #liveHeapMb}).
     */
    private void perTracer(String language, int n) throws Exception {
        double[] before = state();
        List<String> ids = new ArrayList<>();
        deploy(language, n, ids);
        double[] withN = state();
        deploy(language, 2 * n, ids);
        double[] with3N = state();
        for (String id : ids) {
            daemon.delete(id);
        }
        String[] keys = {"per_tracer_mb", "per_tracer_after_gc_mb", "per_tracer_live_heap_mb"};
        for (int i = 0; i < keys.length; i++) {
            System.out.printf(Locale.ROOT, "DAEMON %s=%.1f language=%s n=%d more=%d first_n_%s=%.1f before_mb=%.1f"
                    + " with_n_mb=%.1f with_3n_mb=%.1f%n", keys[i], (with3N[i] - withN[i]) / (2 * n), language, n,
                    2 * n, keys[i], (withN[i] - before[i]) / n, before[i], withN[i], with3N[i]);
        }
    }

    /** One state's figures: RSS idle as found, RSS right after a full collection, the live heap. */
    private double[] state() throws Exception {
        return new double[] {idleRssMb(), rssAfterFullCollectionMb(), liveHeapMb()};
    }

    /**
     * The Java heap's live objects, from {@code jcmd PID GC.class_histogram} (itself after a full
     * collection): what the tracers hold in the heap, without the committed heap and the C heap
     * whose sizes swing the RSS figures (the C compilers' arenas peak at ~100 MB while a Python
     * context's code is compiled, and glibc keeps some of what they free).
     */
    private double liveHeapMb() throws Exception {
        String histogram = jcmd("GC.class_histogram");
        String[] lines = histogram.strip().split("\n");
        String[] total = lines[lines.length - 1].trim().split("\\s+");
        if (total.length < 3 || !total[0].equals("Total")) {
            throw new IllegalStateException("jcmd GC.class_histogram: no Total line: " + lines[lines.length - 1]);
        }
        return Long.parseLong(total[2]) / (1024.0 * 1024.0);
    }

    /** VmRSS, settled, right after the daemon ran a full collection ({@code jcmd PID GC.run}). */
    private double rssAfterFullCollectionMb() throws Exception {
        jcmd("GC.run");
        return settledRssMb();
    }

    /** Runs {@code jcmd PID command} against the daemon; its output. */
    private String jcmd(String command) throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(daemon.pid()), command)
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(jcmd + " " + daemon.pid() + " " + command + " failed (exit " + p.exitValue()
                    + "): " + output.strip());
        }
        return output;
    }

    private void deploy(String language, int n, List<String> ids) throws Exception {
        for (int i = 0; i < n; i++) {
            ids.add(daemon.deploy(pkg, language, "p" + ids.size(), "pid"));
        }
    }

    /** VmRSS after {@value #IDLE_MILLIS} ms without a request, once settled. */
    private double idleRssMb() throws Exception {
        Thread.sleep(IDLE_MILLIS);
        return settledRssMb();
    }

    /** VmRSS once it stopped moving (three samples 0.5 s apart within 1 %), or after 30 s. */
    private double settledRssMb() throws Exception {
        List<Double> last = new ArrayList<>();
        long deadline = System.nanoTime() + SETTLE_MAX_MILLIS * 1_000_000;
        while (true) {
            last.add(rssMb());
            if (last.size() > 3) {
                last.remove(0);
            }
            if (last.size() == 3 && Collections.max(last) - Collections.min(last) <= 0.01 * Collections.max(last)) {
                return last.get(2);
            }
            if (System.nanoTime() > deadline) {
                return last.get(last.size() - 1);
            }
            Thread.sleep(SETTLE_STEP_MILLIS);
        }
    }

    private double rssMb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + daemon.pid() + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.substring(6).trim().split("\\s+")[0]) / 1024.0;
            }
        }
        throw new IllegalStateException("no VmRSS for the daemon (pid " + daemon.pid() + ")");
    }

    private long openFds() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/" + daemon.pid() + "/fd"))) {
            return fds.count();
        }
    }

    /** Waits for the daemon's renewal in place (its log says so), a little longer than it is due. */
    private boolean awaitRenewal() throws Exception {
        long deadline = System.nanoTime() + RENEWAL_WAIT_SECONDS * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (daemon.log().contains("renewed in place (renewal 1)")) {
                return true;
            }
            Thread.sleep(SETTLE_STEP_MILLIS);
        }
        return false;
    }

    private static String tail(String log) {
        return log.substring(Math.max(0, log.length() - 600));
    }

    private static String name(String language) {
        return language == null ? "none" : language;
    }

    private static double p50(List<Double> millis) {
        List<Double> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
