package dev.polytrace.host.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polytrace.host.pkg.PackageOutputs.SampledMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How :dump and :watch show decoded entries: a table, JSON Lines, or the histogram a map holds. */
class MapContentsTest {
    private static final JavaDisplay JS = new JavaDisplay(ReplLanguage.JS);

    @Test
    void tableListsTheBiggestValuesFirst() {
        List<MapContents.Entry> entries = List.of(new MapContents.Entry(10L, 1L), new MapContents.Entry(20L, 7L));
        assertEquals("KEY  VALUE\n20   7\n10   1\n(2 entries)\n", MapContents.table(entries, JS));
        assertEquals("{\"key\":10,\"value\":1}\n{\"key\":20,\"value\":7}\n", MapContents.jsonLines(entries));
    }

    @Test
    void structsWithSlotsAreLog2Histograms() {
        Map<String, Object> hist = new LinkedHashMap<>();
        hist.put("slots", new ArrayList<>(List.of(0L, 4L, 2L)));
        String shown = MapContents.histogram(List.of(new MapContents.Entry(0L, hist)),
                Optional.of(new SampledMap("hists", "log2_hist", 1000, "usecs", true, 1))).orElseThrow();
        assertTrue(shown.contains("usecs") && shown.contains("****"), shown);
        assertTrue(shown.lines().anyMatch(l -> l.contains("2 -> 3") && l.contains(": 4")), shown);
    }

    @Test
    void bucketKeyedMapsAreHistogramsOnlyWhenThePackageSaysSo() {
        List<MapContents.Entry> buckets = List.of(new MapContents.Entry(1L, 5L), new MapContents.Entry(3L, 1L));
        assertTrue(MapContents.histogram(buckets, Optional.empty()).isEmpty(), "plain counters stay a table");
        String shown = MapContents.histogram(buckets,
                Optional.of(new SampledMap("lat", "log2_hist", 1000, "", false, 1))).orElseThrow();
        assertTrue(shown.lines().anyMatch(l -> l.contains(": 5")), shown);
    }
}
