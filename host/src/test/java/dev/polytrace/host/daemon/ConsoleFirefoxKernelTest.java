package dev.polytrace.host.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polytrace.bpf.testing.KernelTest;
import dev.polytrace.bpf.testing.Triggers;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's main path in a real headless Firefox (ESR, driven over WebDriver BiDi) against a
 * real daemon: sign in with the token, deploy {@link ConsoleTestTracer} with a param, see its
 * records in the live table, see its histogram drawn as bars, stop it from the list. Chromium
 * covers every page ({@link ConsoleBrowserKernelTest}); this proves the same bundle works in the
 * other engine. Screenshots are saved as target/console-screenshots/firefox-*.png.
 */
@KernelTest
class ConsoleFirefoxKernelTest {
    @Test
    void signInDeployWatchSeeTheHistogramAndStop(@TempDir Path dir) throws Exception {
        Path packageFile = ConsoleTestTracer.write(dir);
        try (DaemonFixture daemon = DaemonFixture.start(); ConsoleFirefox f = ConsoleFirefox.start(1280, 800)) {
            f.open(daemon.base + "/");
            f.click("#token");
            f.type(daemon.token + "\uE007");
            f.find("#tracers");
            f.screenshot("firefox-01-tracers");

            f.open(daemon.base + "/#/deploy");
            f.click("input[name=source][value=file]");
            f.setFiles("#package-file", packageFile);
            f.click("#load-package");
            f.find("#deploy-form");
            f.fill("#deploy-param-target_tgid", String.valueOf(Triggers.pid()));
            f.screenshot("firefox-02-deploy");
            f.click("#deploy");

            f.await(() -> f.url().endsWith("/events"), "the tracer's events page");
            String id = f.url().replaceAll(".*#/tracers/([^/]+)/events$", "$1");
            f.find("#events");
            Triggers.getppid(8);
            f.await(() -> (Long) f.call("(text) => [...document.querySelectorAll('#events tbody tr')]"
                    + ".filter(r => r.textContent.includes(text)).length", "v1") >= 8, "8 rows of v1 records");
            f.screenshot("firefox-03-events");
            assertEquals(String.valueOf(Triggers.pid()), daemon.get("/v1/tracers/" + id).json().path("params")
                    .findValues("value").get(1).asText(), "target_tgid as the form gave it");

            f.open(daemon.base + "/#/tracers/" + id + "/maps");
            long bars = f.await(() -> (Long) f.call("() => { const bars = [...document.querySelectorAll("
                    + "'section[data-map=seq_hist] svg.hist rect.bar')];"
                    + " return bars.some(b => parseFloat(b.getAttribute('width')) > 0) ? bars.length : null; }"),
                    "histogram bars");
            assertTrue(bars >= 4, "records 1 to 8 fill slots 0 to 3: " + bars);
            f.screenshot("firefox-04-maps");

            f.open(daemon.base + "/#/tracers");
            String stop = "tr[data-id='" + id + "'] button[aria-label='Stop console']";
            f.click(stop);
            f.awaitText(stop, "Confirm stop");
            f.click(stop);
            f.await(() -> (Boolean) f.call("(id) => document.querySelector(`tr[data-id='${id}']`) === null", id),
                    "the stopped tracer to leave the list");
            f.screenshot("firefox-05-stopped");
            assertEquals(0, daemon.tracerCount());
            assertEquals(List.of(), f.errors(), "errors the page logged");
        }
    }
}
