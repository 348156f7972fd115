package dev.polytrace.host.maps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polytrace.host.maps.MapReport.Buckets;
import dev.polytrace.host.maps.MapSnapshot.Entry;
import dev.polytrace.script.codec.JsonText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Golden text and JSON of every printed form, from fixed decoded contents. */
class MapTextTest {

    @Test
    void slotStructsAreOneHistogramPerKeyHeadedByTheKeyAndTheOtherMembers() {
        MapSnapshot hists = new MapSnapshot("hists", "struct hist", List.of(
                new Entry(4242L, hist("sh", 0, 0, 1)),
                new Entry(42L, hist("bash", 3, 1)),
                new Entry(7L, hist("idle", 0, 0))));
        MapReport report = MapReports.of(hists, 20);
        assertEquals("""
                key = 42 comm = bash
                     value               : count    distribution
                         0 -> 1          : 3        |****************************************|
                         2 -> 3          : 1        |*************                           |

                key = 4242 comm = sh
                     value               : count    distribution
                         0 -> 1          : 0        |                                        |
                         2 -> 3          : 0        |                                        |
                         4 -> 7          : 1        |****************************************|
                """, MapText.render(report), "key order, the empty histogram of pid 7 left out");
        assertEquals("{\"map\":\"hists\",\"kind\":\"hist\",\"buckets\":\"log2\",\"unit\":\"value\",\"entries\":["
                + "{\"key\":42,\"fields\":{\"comm\":\"bash\"},\"slots\":[3,1]},"
                + "{\"key\":4242,\"fields\":{\"comm\":\"sh\"},\"slots\":[0,0,1]}]}",
                JsonText.of(MapJson.record(report)));
    }

    @Test
    void histogramStructsWhoseSlotsCountNothingAreRowsOfTheirOtherMembers() {
        MapSnapshot infos = new MapSnapshot("infos", "struct info", List.of(
                new Entry(irq("virtio0", 1), info(3, 1200, 700, 0, 0)),
                new Entry(irq("timer", 0), info(25, 9000, 800, 0, 0))));
        MapReport report = MapReports.of(infos, 20);
        assertEquals("""
                NAME     IRQ  COUNT  TOTAL_TIME  MAX_TIME
                timer    0    25     9000        800
                virtio0  1    3      1200        700
                """, MapText.render(report), "hardirqs without -d: count, total and max per irq, in key order");
        assertEquals("{\"map\":\"infos\",\"kind\":\"rows\",\"total\":2,\"entries\":["
                + "{\"key\":{\"name\":\"timer\",\"irq\":0},\"value\":{\"count\":25,\"total_time\":9000,"
                + "\"max_time\":800}},{\"key\":{\"name\":\"virtio0\",\"irq\":1},\"value\":{\"count\":3,"
                + "\"total_time\":1200,\"max_time\":700}}]}", JsonText.of(MapJson.record(report)));

        MapReport nothing = MapReports.of(new MapSnapshot("infos", "struct info", List.of(
                new Entry(irq("timer", 0), info(0, 0, 0, 0, 0)))), 20);
        assertInstanceOf(MapReport.Histograms.class, nothing);
        assertTrue(nothing.isEmpty(), "nothing counted anywhere: nothing printed");
    }

    @Test
    void aHistogramWithEmptySlotsBesideOthersIsItsHeaderLine() {
        MapReport report = MapReports.of(new MapSnapshot("infos", "struct info", List.of(
                new Entry(irq("timer", 0), info(0, 0, 0, 2, 1)),
                new Entry(irq("virtio0", 1), info(4, 100, 40, 0, 0)))), 20);
        assertEquals("""
                name = timer irq = 0 count = 0 total_time = 0 max_time = 0
                     value               : count    distribution
                         0 -> 1          : 2        |****************************************|
                         2 -> 3          : 1        |********************                    |

                name = virtio0 irq = 1 count = 4 total_time = 100 max_time = 40
                """, MapText.render(report));
        assertEquals("{\"map\":\"infos\",\"kind\":\"hist\",\"buckets\":\"log2\",\"unit\":\"value\","
                + "\"entries\":[{\"key\":{\"name\":\"timer\",\"irq\":0},\"fields\":{\"count\":0,"
                + "\"total_time\":0,\"max_time\":0},\"slots\":[2,1]},{\"key\":{\"name\":\"virtio0\",\"irq\":1},"
                + "\"fields\":{\"count\":4,\"total_time\":100,\"max_time\":40},\"slots\":[0,0]}]}",
                JsonText.of(MapJson.record(report)));
    }

    @Test
    void aStructKeyHeadsItsHistogramByItsMembers() {
        Map<String, Object> key = new LinkedHashMap<>();
        key.put("pid", 9L);
        key.put("cpu", 1L);
        MapReport report = MapReports.of(new MapSnapshot("lat", "struct hist", List.of(new Entry(key,
                hist("x", 0, 2)))), 20);
        assertEquals("pid = 9 cpu = 1 comm = x\n", MapText.render(report).lines().findFirst().orElseThrow() + "\n");
    }

    @Test
    void integerArraysAreHistogramsOnlyWhenNamedLikeOne() {
        List<Entry> entries = List.of(new Entry(0L, new ArrayList<>(List.of(1L, 2L))));
        MapReport named = MapReports.of(new MapSnapshot("dist", "hist_t", entries), 20);
        assertEquals("""
                     value               : count    distribution
                         0 -> 1          : 1        |********************                    |
                         2 -> 3          : 2        |****************************************|
                """, MapText.render(named), "one histogram under key 0: no header");
        MapReport plain = MapReports.of(new MapSnapshot("pair", "__u64[2]", entries), 20);
        assertEquals("KEY  VALUE\n0    [1, 2]\n", MapText.render(plain));
    }

    @Test
    void integersAreATableBiggestFirstCutToTheTopN() {
        List<Entry> entries = new ArrayList<>();
        for (long pid = 1; pid <= 5; pid++) {
            entries.add(new Entry(pid, pid == 3 ? 50L : pid * 10));
        }
        MapReport report = MapReports.of(new MapSnapshot("counts", "__u64", entries), 3);
        assertEquals("""
                KEY  VALUE
                3    50
                5    50
                4    40
                (top 3 of 5 entries)
                """, MapText.render(report), "ties in key order");
        assertEquals("{\"map\":\"counts\",\"kind\":\"table\",\"total\":5,\"entries\":[{\"key\":3,\"value\":50},"
                + "{\"key\":5,\"value\":50},{\"key\":4,\"value\":40}]}", JsonText.of(MapJson.record(report)));
        assertEquals(5, ((MapReport.Table) MapReports.of(new MapSnapshot("counts", "", entries), 0)).rows().size(),
                "0: every row");
    }

    @Test
    void structKeysAndStructValuesGetAColumnPerMember() {
        Map<String, Object> bash = new LinkedHashMap<>();
        bash.put("pid", 42L);
        bash.put("comm", "bash");
        Map<String, Object> sh = new LinkedHashMap<>();
        sh.put("pid", 7L);
        sh.put("comm", "sh");
        MapReport counts = MapReports.of(new MapSnapshot("calls", "__u64", List.of(new Entry(sh, 2L),
                new Entry(bash, 9L))), 20);
        assertEquals("""
                PID  COMM  VALUE
                42   bash  9
                7    sh    2
                """, MapText.render(counts));

        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("bytes", 4096L);
        stats.put("state", "TCP_ESTABLISHED");
        stats.put("ok", true);
        Map<String, Object> other = new LinkedHashMap<>(stats);
        other.put("bytes", 1L);
        MapReport rows = MapReports.of(new MapSnapshot("conns", "struct stats", List.of(new Entry(bash, stats),
                new Entry(sh, other))), 20);
        assertEquals(MapReport.Order.BY_KEY, assertInstanceOf(MapReport.Table.class, rows).order());
        assertEquals("""
                PID  COMM  BYTES  STATE            OK
                7    sh    1      TCP_ESTABLISHED  true
                42   bash  4096   TCP_ESTABLISHED  true
                """, MapText.render(rows), "rows in key order");
        assertEquals("{\"map\":\"conns\",\"kind\":\"rows\",\"total\":2,\"entries\":[{\"key\":{\"pid\":7,\"comm\":\"sh\"},"
                + "\"value\":{\"bytes\":1,\"state\":\"TCP_ESTABLISHED\",\"ok\":true}},{\"key\":{\"pid\":42,\"comm\":"
                + "\"bash\"},\"value\":{\"bytes\":4096,\"state\":\"TCP_ESTABLISHED\",\"ok\":true}}]}",
                JsonText.of(MapJson.record(rows)));
    }

    @Test
    void sampledHistogramsSumBucketIndexKeysOrGoLinear() {
        MapSnapshot buckets = new MapSnapshot("lat", "__u64", List.of(new Entry(3L, 2L), new Entry(1L, 4L)));
        assertEquals("""
                     usecs               : count    distribution
                         0 -> 1          : 0        |                                        |
                         2 -> 3          : 4        |****************************************|
                         4 -> 7          : 0        |                                        |
                         8 -> 15         : 2        |********************                    |
                """, MapText.render(MapReports.histograms(buckets, Buckets.LOG2, "usecs", 1)));
        MapReport linear = MapReports.histograms(new MapSnapshot("q", "struct hist", List.of(
                new Entry(0L, hist("", 1, 3)))), Buckets.LINEAR, "ms", 5);
        assertEquals("     ms            : count     distribution\n"
                + "        0          : 1        |*************                           |\n"
                + "        5          : 3        |****************************************|\n",
                MapText.render(linear), "one histogram under key 0: no header, as runqlat's global one");
        assertEquals("{\"map\":\"q\",\"kind\":\"hist\",\"buckets\":\"linear\",\"step\":5,\"unit\":\"ms\",\"entries\":["
                + "{\"key\":0,\"fields\":{\"comm\":\"\"},\"slots\":[1,3]}]}", JsonText.of(MapJson.record(linear)));
    }

    @Test
    void aGlobalsOneValueHasNoKeyAndItsRecordSaysGlobal() {
        Map<String, Object> last = new LinkedHashMap<>();
        last.put("number", 13L);
        last.put("call", "CALL_GETPID");
        MapReport rows = MapReports.of(new MapSnapshot("last", "struct last_call", List.of(new Entry(null, last)),
                MapSnapshot.Source.GLOBAL), 20);
        assertEquals("NUMBER  CALL\n13      CALL_GETPID\n", MapText.render(rows));
        assertEquals("{\"global\":\"last\",\"kind\":\"rows\",\"total\":1,\"entries\":[{\"value\":"
                + "{\"number\":13,\"call\":\"CALL_GETPID\"}}]}", JsonText.of(MapJson.record(rows)));
        MapReport hist = MapReports.of(new MapSnapshot("syswide", "struct hist", List.of(new Entry(null,
                hist("", 0, 1))), MapSnapshot.Source.GLOBAL), 20);
        assertEquals("""
                     value               : count    distribution
                         0 -> 1          : 0        |                                        |
                         2 -> 3          : 1        |****************************************|
                """, MapText.render(hist), "one histogram and no key: no header");
    }

    @Test
    void anEmptyMapSaysSo() {
        MapReport empty = MapReports.of(new MapSnapshot("m", "__u64", List.of()), 20);
        assertTrue(empty.isEmpty());
        assertEquals("(empty)\n", MapText.render(empty));
    }

    private static Map<String, Object> irq(String name, long irq) {
        Map<String, Object> key = new LinkedHashMap<>();
        key.put("name", name);
        key.put("irq", irq);
        return key;
    }

    /** hardirqs' struct info: counters, then the slots. */
    private static Map<String, Object> info(long count, long total, long max, long... slots) {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("count", count);
        value.put("total_time", total);
        value.put("max_time", max);
        List<Object> list = new ArrayList<>();
        for (long s : slots) {
            list.add(s);
        }
        value.put("slots", list);
        return value;
    }

    private static Map<String, Object> hist(String comm, long... slots) {
        Map<String, Object> value = new LinkedHashMap<>();
        List<Object> list = new ArrayList<>();
        for (long s : slots) {
            list.add(s);
        }
        value.put("slots", list);
        value.put("comm", comm);
        return value;
    }
}
