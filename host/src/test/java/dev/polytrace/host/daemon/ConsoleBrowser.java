package dev.polytrace.host.daemon;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.SearchContext;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium, driven by its chromedriver through Selenium, with a fresh profile
 * that is deleted on close; nothing is downloaded (no Selenium Manager: both paths are given).
 * Screenshots go to {@code target/console-screenshots}.
 */
final class ConsoleBrowser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    static final Duration WAIT = Duration.ofSeconds(30);

    final ChromeDriver driver;
    private final Path profile;
    private final ChromeDriverService service;

    private ConsoleBrowser(ChromeDriver driver, ChromeDriverService service, Path profile) {
        this.driver = driver;
        this.service = service;
        this.profile = profile;
    }

    /** Fails, never skips, when the browser is missing: ./polytrace test installs it. */
    static ConsoleBrowser start(int width, int height) throws IOException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new AssertionError("the console's browser tests need Debian's chromium and chromium-driver ("
                    + CHROMIUM + ", " + CHROMEDRIVER + "): apt-get install chromium chromium-driver, which "
                    + "./polytrace test does");
        }
        Path profile = Files.createTempDirectory("polytrace-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=" + width + "," + height);
        Path downloads = Files.createDirectories(profile.resolve("downloads"));
        options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
                "download.prompt_for_download", false));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().withLogOutput(java.io.OutputStream.nullOutputStream()).build();
        try {
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().window().setSize(new Dimension(width, height));
            return new ConsoleBrowser(driver, service, profile);
        } catch (RuntimeException e) {
            service.stop();
            deleteTree(profile);
            throw e;
        }
    }

    void resize(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    void open(String url) {
        driver.get(url);
    }

    WebElement find(String css) {
        return await(d -> {
            List<WebElement> found = d.findElements(By.cssSelector(css));
            return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
        }, "an element " + css);
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    <T> T await(ExpectedCondition<T> condition, String what) {
        // The console re-renders a section when new data comes: an element found a moment ago may be gone.
        return new WebDriverWait(driver, WAIT).ignoring(StaleElementReferenceException.class)
                .withMessage(() -> "waited " + WAIT.toSeconds() + " s for " + what + "; the page says: " + pageText())
                .until(condition);
    }

    void awaitText(String css, String text) {
        await(d -> {
            List<WebElement> found = d.findElements(By.cssSelector(css));
            return !found.isEmpty() && found.get(0).getText().contains(text) ? true : null;
        }, "'" + text + "' in " + css);
    }

    String pageText() {
        try {
            return driver.findElement(By.tagName("body")).getText();
        } catch (RuntimeException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    /** The contenteditable of the CodeMirror editor in {@code container} (inside its shadow root). */
    WebElement editor(String container) {
        return await(d -> {
            List<WebElement> hosts = d.findElements(By.cssSelector(container + " .editor-host"));
            if (hosts.isEmpty()) {
                return null;
            }
            List<WebElement> content = hosts.get(0).getShadowRoot().findElements(By.cssSelector(".cm-content"));
            return content.isEmpty() ? null : content.get(0);
        }, "the editor in " + container);
    }

    SearchContext editorRoot(String container) {
        return find(container + " .editor-host").getShadowRoot();
    }

    /** Replaces the editor's text by typing, as a user does (select everything, delete, type). */
    void typeInto(String container, String text) {
        WebElement content = editor(container);
        content.click();
        content.sendKeys(Keys.chord(Keys.CONTROL, Keys.HOME), Keys.chord(Keys.CONTROL, Keys.SHIFT, Keys.END),
                Keys.BACK_SPACE);
        await(d -> editorText(container).isBlank() ? true : null, "the editor to be empty");
        content.sendKeys(text);
    }

    /** A file the page offered for download, once Chromium has written it whole. */
    Path awaitDownload(String name) {
        Path file = profile.resolve("downloads").resolve(name);
        return await(d -> Files.isRegularFile(file) && !Files.exists(file.resolveSibling(name + ".crdownload"))
                ? file : null, "the download " + name);
    }

    String editorText(String container) {
        return (String) ((JavascriptExecutor) driver).executeScript(
                "return arguments[0].innerText", editor(container));
    }

    Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the page logged at SEVERE (errors, and refusals under the Content-Security-Policy). */
    List<String> severeLogs() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(LogEntry::getMessage).toList();
    }

    Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    Map<String, Object> sizeOf(String css) {
        WebElement e = find(css);
        return Map.of("width", e.getSize().getWidth(), "height", e.getSize().getHeight());
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
            deleteTree(profile);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: a temporary profile
        }
    }
}
