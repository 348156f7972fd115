package dev.polytrace.host.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The bundled Grafana dashboard asks only for metrics the daemon's /metrics exports. */
class GrafanaDashboardTest {
    static final String RESOURCE = "/dev/polytrace/host/daemon/grafana/polytrace-dashboard.json";
    private static final Pattern METRIC = Pattern.compile("\\b(polytrace_[A-Za-z0-9_]+)\\b");

    @Test
    void everyQueryReferencesMetricsTheDaemonExports() throws IOException {
        JsonNode dashboard;
        try (InputStream in = GrafanaDashboardTest.class.getResourceAsStream(RESOURCE)) {
            assertNotNull(in, RESOURCE + " is in the jar");
            dashboard = DaemonFixture.JSON.readTree(in);
        }
        Set<String> exported = exportedNames();
        List<String> queries = queries(dashboard);
        assertTrue(queries.size() >= 15, "the dashboard's queries: " + queries);
        Set<String> used = new TreeSet<>();
        for (String query : queries) {
            Matcher m = METRIC.matcher(query);
            List<String> names = new ArrayList<>();
            while (m.find()) {
                names.add(m.group(1));
            }
            assertFalse(names.isEmpty(), "a query that reads no polytrace metric: " + query);
            for (String name : names) {
                assertTrue(exported.contains(name), name + " (in " + query + ") is not exported; /metrics has "
                        + exported);
            }
            used.addAll(names);
        }
        for (String panelOf : List.of("polytrace_events_total", "polytrace_events_lost_total",
                "polytrace_events_dropped_total", "polytrace_handler_errors_total", "polytrace_handler_seconds_total",
                "polytrace_alerts_total")) {
            assertTrue(used.contains(panelOf), "the dashboard shows " + panelOf);
        }
    }

    /** Names in the {@code # TYPE} lines: every metric the daemon defines, with or without series. */
    private static Set<String> exportedNames() {
        String text = HostMetrics.exposition(List.of());
        Set<String> names = text.lines().filter(l -> l.startsWith("# TYPE ")).map(l -> l.split(" ")[2])
                .collect(Collectors.toCollection(TreeSet::new));
        assertTrue(names.contains("polytrace_alerts_total"), names.toString());
        return names;
    }

    /** Every panel target's expr (rows nest panels) and every query variable's query. */
    private static List<String> queries(JsonNode dashboard) {
        List<String> queries = new ArrayList<>();
        collectPanels(dashboard.path("panels"), queries);
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if (variable.path("type").asText().equals("query")) {
                JsonNode q = variable.path("query");
                queries.add(q.isTextual() ? q.asText() : q.path("query").asText());
            }
        }
        return queries;
    }

    private static void collectPanels(JsonNode panels, List<String> queries) {
        for (JsonNode panel : panels) {
            collectPanels(panel.path("panels"), queries);
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText("");
                assertFalse(expr.isBlank(), "panel '" + panel.path("title").asText() + "' has a target without expr");
                queries.add(expr);
            }
            if (!panel.path("type").asText().equals("row")) {
                assertEquals("${datasource}", panel.path("datasource").path("uid").asText(),
                        "panel '" + panel.path("title").asText() + "' uses the dashboard's data source variable");
            }
        }
    }
}
