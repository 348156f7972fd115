package dev.polytrace.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.polytrace.bpf.testing.KernelTest;
import dev.polytrace.host.build.BuildFixtures;
import dev.polytrace.host.pkg.PackageParam;
import dev.polytrace.host.pkg.PackageSources;
import dev.polytrace.host.pkg.TracerPackage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * libbpf-tools style programs run through the CLI: when the run ends, their maps (callmaps.bpf.c:
 * none annotated for polytrace but one hidden; infos.bpf.c: counters beside histogram slots) and
 * .bss/.data globals (globals.bpf.c) are printed, decoded. A {@link CallingThread} makes exactly
 * 10 getppid() and 3 getpid() calls; the programs count only that thread's.
 */
@KernelTest
class PrintedMapsKernelTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int GETPPIDS = CallingThread.GETPPIDS;

    @BeforeAll
    static void toolchain() {
        BuildFixtures.assumeToolchain();
    }

    @Test
    void atExitEveryMapIsPrintedDecodedAndTheHiddenOneIsNot() {
        CallingThread calls = CallingThread.start();
        CliRun run = CliRun.start("run", pkg(), "--param", "target_tid=" + calls.tid).awaitAttached();
        calls.makeThemAll();
        run.stop();
        String tid = Integer.toString(calls.tid);
        assertEquals("maps-calls", calls.comm, "the thread's name is its comm");
        String golden = """

                calls
                PID  CALL          COMM        VALUE
                TID  CALL_GETPPID  maps-calls  10
                TID  CALL_GETPID   maps-calls  3

                hists
                key = TID comm = maps-calls
                     value               : count    distribution
                         0 -> 1          : 1        |**********                              |
                         2 -> 3          : 2        |********************                    |
                         4 -> 7          : 4        |****************************************|
                         8 -> 15         : 3        |******************************          |

                total
                KEY  VALUE
                0    13
                """.replace("\nPID", "\n" + String.format("%-" + tid.length() + "s", "PID")).replace("TID", tid);
        assertEquals(golden, withoutTimes(run.out()), "per-CPU total summed; last_tid hidden; .rodata not a map to print");
    }
    @Test
    void countersBesideSlotsThatCountNothingPrintAsRows() {
        CallingThread calls = CallingThread.start();
        CliRun run = CliRun.start("run", RunFixtures.packageFile("infos").toString(),
                "--param", "target_tid=" + calls.tid).awaitAttached();
        calls.makeThemAll();
        run.stop();
        assertEquals("""

                infos
                KEY           COUNT  TOTAL  MAX
                CALL_GETPID   3      6      3
                CALL_GETPPID  10     55     10
                """, withoutTimes(run.out()), "as hardirqs prints without -d; the static zero is no map");
    }

    @Test
    void slotsThatCountArePrintedAsHistogramsHeadedByTheOtherMembers() {
        CallingThread calls = CallingThread.start();
        CliRun run = CliRun.start("run", RunFixtures.packageFile("infos").toString(),
                "--param", "target_tid=" + calls.tid, "--param", "dist=true").awaitAttached();
        calls.makeThemAll();
        run.stop();
        assertEquals("""

                infos
                key = CALL_GETPID count = 0 total = 0 max = 0
                     value               : count    distribution
                         0 -> 1          : 0        |                                        |
                         2 -> 3          : 0        |                                        |
                         4 -> 7          : 3        |****************************************|

                key = CALL_GETPPID count = 0 total = 0 max = 0
                     value               : count    distribution
                         0 -> 1          : 0        |                                        |
                         2 -> 3          : 10       |****************************************|
                """, withoutTimes(run.out()));
    }

    @Test
    void bssAndDataGlobalsArePrintedLikeMapsButNotParamsHiddenStaticOrZeroOnes() {
        CallingThread calls = CallingThread.start();
        CliRun run = CliRun.start("run", RunFixtures.packageFile("globals").toString(),
                "--param", "target_tid=" + calls.tid).awaitAttached();
        calls.makeThemAll();
        run.stop();
        assertEquals("""

                counts
                KEY  VALUE
                1    10
                2    3

                hists
                key = 1
                     value               : count    distribution
                         0 -> 1          : 1        |**********                              |
                         2 -> 3          : 2        |********************                    |
                         4 -> 7          : 4        |****************************************|
                         8 -> 15         : 3        |******************************          |

                key = 2
                     value               : count    distribution
                         0 -> 1          : 1        |********************                    |
                         2 -> 3          : 2        |****************************************|

                every_call
                     value               : count    distribution
                         0 -> 1          : 2        |********************                    |
                         2 -> 3          : 4        |****************************************|
                         4 -> 7          : 4        |****************************************|
                         8 -> 15         : 3        |******************************          |

                calls
                VALUE
                13

                last
                NUMBER  CALL
                13      CALL_GETPID

                last_comm
                VALUE
                maps-calls
                """, withoutTimes(run.out()), "step is a param, last_tid hidden, scratch static, never zero, "
                + "__toolchain_dummy and __toolchain_map the toolchain's");
    }

    @Test
    void aGlobalsJsonRecordSaysGlobal() throws IOException {
        CallingThread calls = CallingThread.start();
        CliRun run = CliRun.start("run", RunFixtures.packageFile("globals").toString(), "--json",
                "--param", "target_tid=" + calls.tid, "--param", "step=2").awaitAttached();
        calls.makeThemAll();
        run.stop();
        List<String> lines = run.out().lines().toList();
        assertEquals(JSON.readTree("{\"global\":\"counts\",\"kind\":\"table\",\"total\":2,\"entries\":["
                + "{\"key\":1,\"value\":20},{\"key\":2,\"value\":6}]}"), JSON.readTree(lines.get(0)), run.out());
        assertEquals(JSON.readTree("{\"global\":\"calls\",\"kind\":\"table\",\"total\":1,\"entries\":["
                + "{\"value\":26}]}"), JSON.readTree(lines.get(3)), "a scalar's one value has no key");
    }

    @Test
    void jsonHasOneRecordPerMap() throws IOException {
        CallingThread calls = CallingThread.start();
        CliRun run = CliRun.start("run", pkg(), "--json", "--top", "1",
                "--param", "target_tid=" + calls.tid).awaitAttached();
        calls.makeThemAll();
        run.stop();
        List<String> lines = run.out().lines().toList();
        assertEquals(3, lines.size(), run.out());
        String key = "{\"pid\":" + calls.tid + ",\"call\":\"CALL_GETPPID\",\"comm\":\"" + calls.comm + "\"}";
        assertEquals(JSON.readTree("{\"map\":\"calls\",\"kind\":\"table\",\"total\":2,\"entries\":[{\"key\":" + key
                + ",\"value\":10}]}"), JSON.readTree(lines.get(0)), "--top 1: the biggest of 2");
        assertEquals(JSON.readTree("{\"map\":\"hists\",\"kind\":\"hist\",\"buckets\":\"log2\",\"unit\":\"value\","
                + "\"entries\":[{\"key\":" + calls.tid + ",\"fields\":{\"comm\":\"" + calls.comm + "\"},\"slots\":"
                + "[1,2,4,3,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0]}]}"), JSON.readTree(lines.get(1)));
        assertEquals(JSON.readTree("{\"map\":\"total\",\"kind\":\"table\",\"total\":1,\"entries\":[{\"key\":0,"
                + "\"value\":13}]}"), JSON.readTree(lines.get(2)));
    }

    @Test
    void noMapsPrintsNothingAndIntervalPrintsWhileRunning() {
        CallingThread calls = CallingThread.start();
        CliRun quiet = CliRun.start("run", pkg(), "--no-maps", "--param", "target_tid=" + calls.tid)
                .awaitAttached();
        calls.makeThemAll();
        quiet.stop();
        assertEquals("", quiet.out());

        CallingThread more = CallingThread.start();
        CliRun every = CliRun.start("run", pkg(), "--json", "--interval", "50ms",
                "--param", "target_tid=" + more.tid).awaitAttached();
        more.makeThemAll();
        every.awaitOut("the counts printed while it runs", s -> s.contains("\"value\":13"));
        every.stop();
        JsonNode last = lastTotal(every.out());
        assertEquals(13, last.path("entries").path(0).path("value").asLong(), every.out());
    }

    @Test
    void thePackageHidesTheMapsAndGlobalsItMarksHiddenAndInspectSaysSo() {
        assertEquals(List.of("last_tid"), PackageSources.load(pkg()).outputs().hidden());
        String inspect = CliRun.run("inspect", pkg()).out();
        assertTrue(inspect.contains("\n  hidden last_tid: not printed when the run ends\n"), inspect);
        TracerPackage globals = PackageSources.load(RunFixtures.packageFile("globals").toString());
        assertEquals(List.of("last_tid"), globals.outputs().hidden());
        assertEquals(List.of("step", "target_tid"), globals.params().stream().map(PackageParam::name).sorted()
                .toList(), "the documented .data global is a param, the hidden .bss one is not");
    }

    private static JsonNode lastTotal(String out) {
        return out.lines().map(PrintedMapsKernelTest::parse).filter(r -> r.path("map").asText().equals("total"))
                .reduce((a, b) -> b).orElseThrow();
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The table output without the time that starts each map's title line. */
    private static String withoutTimes(String out) {
        return out.replaceAll("(?m)^\\d\\d:\\d\\d:\\d\\d ", "");
    }

    private static String pkg() {
        return RunFixtures.packageFile("callmaps").toString();
    }
}
