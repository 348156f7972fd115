package dev.polytrace.host.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polytrace.bpf.testing.KernelTest;
import dev.polytrace.bpf.testing.Triggers;
import dev.polytrace.host.build.BuildFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The console in a real headless Chromium against a real daemon, as a user works with it: sign
 * in, deploy {@link ConsoleTestTracer} (uploaded as a file) with a param, watch its records arrive, see its histogram drawn, edit its handler (a new
 * field shows in new rows; a broken version is refused at its line while records keep coming),
 * change a param while it runs, look at it on a phone's width, stop it; and build a .bpf.c with an
 * error, then fixed, and deploy it. Each page is saved in target/console-screenshots.
 */
@KernelTest
class ConsoleBrowserKernelTest {
    private static DaemonFixture daemon;
    private static Path packageFile;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        packageFile = ConsoleTestTracer.write(dir);
        daemon = DaemonFixture.startBuilding(new dev.polytrace.host.daemon.BuildService(BuildLimits.DEFAULTS,
                BuildFixtures.toolchain()));
    }

    @AfterAll
    static void stop() {
        if (daemon != null) {
            daemon.close();
        }
    }

    @Test
    void deployWatchExploreEditAndStopATracer() throws Exception {
        try (ConsoleBrowser b = ConsoleBrowser.start(1280, 800)) {
            signIn(b);

            // Deploy: upload the package, give target_tgid, see the form the params make.
            b.open(daemon.base + "/#/deploy");
            b.find("input[name=source][value=file]").click();
            b.find("#package-file").sendKeys(packageFile.toString());
            b.find("#load-package").click();
            b.find("#deploy-form");
            assertEquals("select", b.find("#deploy-param-mode").getTagName(), "an enum param is a choice");
            assertEquals("checkbox", b.find("#deploy-param-count_per_cpu").getAttribute("type"));
            assertEquals("7", b.find("#deploy-param-label").getAttribute("maxlength"), "char[8] holds 7 bytes");
            WebElement tgid = b.find("#deploy-param-target_tgid");
            tgid.clear();
            tgid.sendKeys("99999999999");
            b.find("#deploy").click();
            b.awaitText("#deploy-form", "out of range 0 … 4294967295");
            tgid.clear();
            tgid.sendKeys(String.valueOf(Triggers.pid()));
            b.screenshot("02-deploy");
            b.find("#deploy").click();

            // Live events: the records of this process's getppid calls.
            b.await(d -> d.getCurrentUrl().endsWith("/events") ? true : null, "the tracer's events page");
            String id = b.driver.getCurrentUrl().replaceAll(".*#/tracers/([^/]+)/events$", "$1");
            b.find("#events");
            Triggers.getppid(5);
            awaitRows(b, "v1", 5);
            b.screenshot("03-events");
            assertEquals(String.valueOf(Triggers.pid()), daemon.get("/v1/tracers/" + id).json().path("params")
                    .findValues("value").get(1).asText(), "target_tgid as the form gave it");

            // The list updates by itself.
            b.open(daemon.base + "/#/tracers");
            WebElement events = b.find("tr[data-id='" + id + "'] td:nth-child(5)");
            String before = events.getText();
            Triggers.getppid(3);
            b.await(d -> !events.getText().equals(before) ? true : null, "the event count to change without reload");
            b.awaitText("tr[data-id='" + id + "']", "running");
            b.screenshot("04-tracers");

            // Maps: the histogram as bars; the per-CPU map summed or split.
            b.open(daemon.base + "/#/tracers/" + id + "/maps");
            List<WebElement> bars = b.await(d -> {
                List<WebElement> found = d.findElements(By.cssSelector("section[data-map=seq_hist] svg.hist rect.bar"));
                return found.stream().anyMatch(r -> Double.parseDouble(r.getAttribute("width")) > 0) ? found : null;
            }, "histogram bars");
            assertTrue(bars.size() >= 4, "slots 0 to log2(8): " + bars.size());
            b.find("section[data-map=per_cpu_calls] button.split").click();
            b.awaitText("section[data-map=per_cpu_calls] thead", "cpu 0");
            b.screenshot("05-maps");

            // Handler: completion of the ctx API, then a new field.
            b.open(daemon.base + "/#/tracers/" + id + "/handler");
            assertTrue(b.editorText("#handler-editor").contains("v: 'v1'"), b.editorText("#handler-editor"));
            WebElement editor = b.editor("#handler-editor");
            editor.click();
            editor.sendKeys(Keys.chord(Keys.CONTROL, Keys.END), Keys.ENTER, "ctx.metrics.");
            b.await(d -> b.editorRoot("#handler-editor").findElements(By.cssSelector(".cm-tooltip-autocomplete li"))
                    .stream().map(WebElement::getText).filter(t -> t.contains("counter")).findFirst().orElse(null),
                    "completions of ctx.metrics.");
            b.screenshot("06-completion");
            editor.sendKeys(Keys.ESCAPE);
            b.typeInto("#handler-editor", "export function onEvent(event, ctx) { ctx.emit({seq: event.seq, tag: "
                    + "event.tag, v: 'v2', extra: 'added'}); }");
            b.find("#apply-handler").click();
            b.awaitText("#handler-status", "Applied");
            b.screenshot("07-handler-applied");
            b.open(daemon.base + "/#/tracers/" + id + "/events");
            b.find("#events");
            Triggers.getppid(3);
            awaitRows(b, "added", 1);
            b.awaitText("#events thead", "extra");

            // A broken handler is refused at its line; the one before keeps handling records.
            b.open(daemon.base + "/#/tracers/" + id + "/handler");
            b.typeInto("#handler-editor", "export function onEvent(event, ctx) {" + Keys.ENTER
                    + "ctx.emit({seq: event.seq, extra: 'broken'}) +++ ;");
            b.find("#apply-handler").click();
            b.awaitText("#handler-status", "Rejected");
            assertTrue(b.find("#handler-status").getText().matches("(?s).*console\\.js:[23]: SyntaxError.*"),
                    b.find("#handler-status").getText());
            b.await(d -> b.editorRoot("#handler-editor").findElements(By.cssSelector(".cm-lintRange-error, "
                    + ".cm-lint-marker-error")).isEmpty() ? null : true, "the error marked in the editor");
            b.screenshot("08-handler-rejected");
            b.open(daemon.base + "/#/tracers/" + id + "/events");
            b.find("#events");
            Triggers.getppid(3);
            awaitRows(b, "added", 3);
            assertTrue(!b.find("#events tbody").getText().contains("broken"));

            // A run-time param. The filter below matches text in any field of a record, its time
            // included, so the tag is a number no record's other fields will hold by chance (with
            // 42, a record whose time held "42" was shown too, and the check of the rows failed).
            String tagValue = "987654321";
            b.open(daemon.base + "/#/tracers/" + id + "/params");
            WebElement tag = b.find("#live-param-tag");
            tag.clear();
            tag.sendKeys(tagValue);
            b.find("#apply-params").click();
            b.awaitText("#tab-panel", "Set tag");
            b.screenshot("09-params");
            b.open(daemon.base + "/#/tracers/" + id + "/events");
            b.find("#events");
            Triggers.getppid(2);
            awaitRows(b, tagValue, 1);

            // Filter and download what is on screen.
            b.find("#event-filter").sendKeys(tagValue);
            b.await(d -> (Boolean) b.script("return [...document.querySelectorAll('#events tbody tr')]"
                    + ".every(r => r.textContent.includes(arguments[0]))", tagValue) ? true : null,
                    "only rows with " + tagValue);
            b.find("#pause").click();
            b.awaitText("#event-counts", "paused");
            b.find("#download-events").click();
            Path download = b.awaitDownload(id + "-events.json");
            assertTrue(Files.readString(download).contains("\"tag\": " + tagValue), Files.readString(download));
            b.find("#pause").click();

            b.open(daemon.base + "/#/tracers/" + id + "/details");
            b.awaitText("#tab-panel", "on_getppid");
            b.awaitText("#tab-panel", "seq_hist");
            b.screenshot("10-details");

            // A phone's width: nothing wider than the screen but the tables' own scrolling.
            b.resize(390, 844);
            b.open(daemon.base + "/#/tracers/" + id + "/events");
            b.find("#events");
            Triggers.getppid(2);
            awaitRows(b, "added", 1);
            assertTrue((Long) b.script("return document.documentElement.scrollWidth - window.innerWidth") <= 1,
                    "the page fits a phone's width");
            b.screenshot("11-phone-events");
            b.open(daemon.base + "/#/tracers");
            b.find("tr[data-id='" + id + "']");
            b.screenshot("12-phone-tracers");
            b.resize(1280, 800);

            // Keyboard only: a page moves the focus to its content; Tab goes on from there to Stop.
            b.open(daemon.base + "/#/tracers");
            b.find("tr[data-id='" + id + "']");
            b.driver.switchTo().activeElement().sendKeys(Keys.TAB);
            assertEquals("Deploy a tracer", b.script("return document.activeElement.textContent"));
            WebElement stop = null;
            for (int i = 0; i < 20 && stop == null; i++) {
                WebElement focused = b.driver.switchTo().activeElement();
                if ("Stop console".equals(focused.getAttribute("aria-label"))) {
                    stop = focused;
                } else {
                    focused.sendKeys(Keys.TAB);
                }
            }
            assertTrue(stop != null, "Tab reaches the Stop button");
            stop.sendKeys(Keys.ENTER);
            b.awaitText("tr[data-id='" + id + "']", "Confirm stop");
            stop.sendKeys(Keys.ENTER);
            b.await(d -> d.findElements(By.cssSelector("tr[data-id='" + id + "']")).isEmpty() ? true : null,
                    "the stopped tracer to leave the list");
            b.screenshot("13-stopped");
            assertEquals(0, daemon.tracerCount());
            assertTrue(b.severeLogs().stream().noneMatch(l -> l.contains("Content Security Policy")),
                    b.severeLogs().toString());
        }
    }

    @Test
    void buildWithAnErrorThenFixedAndDeploy() throws Exception {
        try (ConsoleBrowser b = ConsoleBrowser.start(1280, 800)) {
            signIn(b);
            b.open(daemon.base + "/#/build");
            WebElement editor = b.editor("#build-editor");
            editor.click();
            editor.sendKeys(Keys.chord(Keys.CONTROL, Keys.END), Keys.ENTER, "int broken(void) { return nope; }");
            b.find("#build").click();
            b.awaitText("#build-problems", "nope");
            b.await(d -> b.editorRoot("#build-editor").findElements(By.cssSelector(".cm-lintRange-error, "
                    + ".cm-lint-marker-error")).isEmpty() ? null : true, "the error marked in the editor");
            b.screenshot("14-build-error");

            b.find("#build-problems button.link").click(); // to the line
            editor.sendKeys(Keys.HOME, Keys.chord(Keys.SHIFT, Keys.END), "// fixed");
            b.find("#build").click();
            b.awaitText("#build-status", "Built");
            assertTrue(b.all("#build-problems li").isEmpty());
            b.screenshot("15-build-ok");
            assertEquals("0", b.find("#build-param-target_pid").getAttribute("value"), "the param's default");
            b.find("#deploy-built").click();
            b.await(d -> d.getCurrentUrl().endsWith("/events") ? true : null, "the built tracer's events");
            String id = b.driver.getCurrentUrl().replaceAll(".*#/tracers/([^/]+)/events$", "$1");
            b.find("#events");
            new ProcessBuilder("/bin/true").start().waitFor();
            awaitRows(b, "event", 1); // an exec, from this test's or any other process
            b.screenshot("16-built-tracer-events");
            assertEquals(200, daemon.delete("/v1/tracers/" + id).status());
        }
    }

    private static void signIn(ConsoleBrowser b) {
        b.open(daemon.base + "/");
        b.find("#token").sendKeys(daemon.token, Keys.ENTER);
        b.find("#tracers");
    }

    /** Waits for {@code count} rows of the live table that hold {@code text}. */
    private static void awaitRows(ConsoleBrowser b, String text, int count) {
        // read in one script: the table is rebuilt when a new column appears
        b.await(d -> ((Long) b.script("return [...document.querySelectorAll('#events tbody tr')]"
                + ".filter(r => r.textContent.includes(arguments[0])).length", text)) >= count ? true : null,
                count + " rows with " + text + " in the live table");
    }
}
