package dev.polytrace.host.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polytrace.host.filter.ProcessFilter;
import dev.polytrace.host.pkg.UrlFetch;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A deploy request's {@code filter}, and the filter kept in {@code deployment.json} for restarts. */
class DeployFilterTest {
    private static final String SHA = "a".repeat(64);

    private static DeployRequest parse(String json) {
        return DeployRequest.parse(json.getBytes(StandardCharsets.UTF_8), UrlFetch.forCli());
    }

    @Test
    void theRequestsFilterIsParsedAndABadOneIsA400NamingTheField() {
        DeployRequest request = parse("{\"bundled\":\"execsnoop\",\"filter\":{\"container\":\"web\",\"uid\":0}}");
        assertEquals(new ProcessFilter(null, 0, null, null, "web"), request.filter());
        assertTrue(parse("{\"bundled\":\"execsnoop\"}").filter().isEmpty());
        DaemonException e = assertThrows(DaemonException.class,
                () -> parse("{\"bundled\":\"execsnoop\",\"filter\":{\"image\":\"x\"}}"));
        assertEquals("filter.image: unknown filter (pid, uid, comm, cgroup, container)", e.getMessage());
    }

    @Test
    void deploymentJsonKeepsTheFilter() throws Exception {
        Deployment d = new Deployment("t1", 1, 0, "exec", new byte[0], Optional.empty(), Optional.of(SHA), Map.of(),
                Optional.empty(), Optional.empty(), Instant.parse("2026-12-05T10:00:00Z"))
                .withFilter(new ProcessFilter(12, null, "sh", null, "web"));
        DeploymentFile.Settings read = DeploymentFile.read(DeploymentFile.write(d), "t1");
        assertEquals(d.filter(), read.filter());
        assertEquals(d.filter(), d.withParams(Map.of("a", "1")).nextEpoch().filter(), "copies keep it");
        Deployment none = d.withFilter(ProcessFilter.NONE);
        assertTrue(DeploymentFile.read(DeploymentFile.write(none), "t1").filter().isEmpty());
    }
}
