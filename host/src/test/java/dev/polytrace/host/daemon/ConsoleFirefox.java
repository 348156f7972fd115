package dev.polytrace.host.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Debian's headless Firefox ESR driven over WebDriver BiDi, which it serves itself: Debian has no
 * geckodriver and nothing may be downloaded, so the test talks to the browser's own endpoint. A
 * fresh profile per browser; on close the browser and its content processes are stopped and the
 * profile deleted, whatever happened before. Screenshots go next to Chromium's.
 */
final class ConsoleFirefox implements AutoCloseable {
    static final Path FIREFOX = Path.of("/usr/bin/firefox-esr");
    static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration START_LIMIT = Duration.ofSeconds(90);
    private static final Pattern LISTENING = Pattern.compile("WebDriver BiDi listening on (ws://\\S+)");
    // The browser's own calls home, which would only fail here.
    private static final String PREFS = """
            user_pref("remote.active-protocols", 1);
            user_pref("browser.shell.checkDefaultBrowser", false);
            user_pref("browser.startup.homepage_override.mstone", "ignore");
            user_pref("app.update.disabledForTesting", true);
            user_pref("datareporting.policy.dataSubmissionEnabled", false);
            user_pref("toolkit.telemetry.reportingpolicy.firstRun", false);
            user_pref("network.captive-portal-service.enabled", false);
            user_pref("network.connectivity-service.enabled", false);
            user_pref("browser.safebrowsing.update.enabled", false);
            """;

    private final Process process;
    private final Path profile;
    private final BidiConnection bidi;
    private final String context;

    private ConsoleFirefox(Process process, Path profile, BidiConnection bidi, String context) {
        this.process = process;
        this.profile = profile;
        this.bidi = bidi;
        this.context = context;
    }

    /** Fails, never skips, when the browser is missing: ./polytrace test installs it. */
    static ConsoleFirefox start(int width, int height) throws IOException {
        if (!Files.isExecutable(FIREFOX)) {
            throw new AssertionError("the console's Firefox test needs Debian's firefox-esr (" + FIREFOX
                    + "): apt-get install firefox-esr, which ./polytrace test does");
        }
        Path profile = Files.createTempDirectory("polytrace-firefox-");
        Files.writeString(profile.resolve("user.js"), PREFS);
        Process process = null;
        BidiConnection bidi = null;
        try {
            process = new ProcessBuilder(FIREFOX.toString(), "--headless", "--no-remote", "--remote-debugging-port=0",
                    "--profile", profile.toString()).redirectErrorStream(true).start();
            bidi = BidiConnection.open(URI.create(endpoint(process) + "/session"));
            String context = bidi.send("browsingContext.getTree", BidiConnection.params())
                    .path("contexts").path(0).path("context").asText();
            ConsoleFirefox browser = new ConsoleFirefox(process, profile, bidi, context);
            browser.resize(width, height);
            ArrayNode events = BidiConnection.JSON.createArrayNode().add("log.entryAdded");
            bidi.send("session.subscribe", BidiConnection.params().set("events", events));
            return browser;
        } catch (RuntimeException | AssertionError e) {
            stop(process, bidi, profile);
            throw e;
        }
    }

    /** The WebSocket address the browser prints once it listens; its output is drained after that. */
    private static String endpoint(Process process) {
        CompletableFuture<String> address = new CompletableFuture<>();
        Deque<String> lastLines = new ArrayDeque<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        address.complete(m.group(1));
                    }
                    synchronized (lastLines) {
                        lastLines.addLast(line);
                        if (lastLines.size() > 20) {
                            lastLines.removeFirst();
                        }
                    }
                }
            } catch (IOException ignored) {
                // the browser went away; the future below says so
            }
            address.completeExceptionally(new IOException("firefox-esr ended its output without a BiDi address"));
        }, "firefox-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return address.get(START_LIMIT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (ExecutionException | TimeoutException e) {
            synchronized (lastLines) {
                throw new AssertionError("firefox-esr did not start WebDriver BiDi within " + START_LIMIT.toSeconds()
                        + " s; its last output: " + String.join(" | ", lastLines), e);
            }
        }
    }

    void resize(int width, int height) {
        ObjectNode viewport = BidiConnection.params().put("width", width).put("height", height);
        bidi.send("browsingContext.setViewport", inContext().set("viewport", viewport));
    }

    void open(String url) {
        bidi.send("browsingContext.navigate", inContext().put("url", url).put("wait", "complete"));
    }

    String url() {
        return (String) call("() => location.href");
    }

    /**
     * Runs {@code function} in the page with {@code args} (strings, numbers, booleans or elements
     * from {@link #find}) and returns its result as a string, number, boolean, element or null.
     */
    Object call(String function, Object... args) {
        ArrayNode arguments = BidiConnection.JSON.createArrayNode();
        for (Object arg : args) {
            arguments.add(localValue(arg));
        }
        ObjectNode params = BidiConnection.params().put("functionDeclaration", function).put("awaitPromise", true);
        params.set("arguments", arguments);
        params.set("target", inContext());
        JsonNode outcome = bidi.send("script.callFunction", params);
        if ("exception".equals(outcome.path("type").asText())) {
            throw new AssertionError("script failed: " + outcome.path("exceptionDetails").path("text").asText()
                    + " in " + function);
        }
        return javaValue(outcome.path("result"));
    }

    /** The first element matching {@code css} once it is displayed. */
    JsonNode find(String css) {
        return await(() -> (JsonNode) call("(css) => { const e = document.querySelector(css);"
                + " return e && e.getClientRects().length > 0 ? e : null; }", css), "an element " + css);
    }

    /** A click where a user clicks: the element's centre, after scrolling it into view. */
    void click(String css) {
        JsonNode element = find(css);
        call("(e) => e.scrollIntoView({block: 'center'})", element);
        ObjectNode origin = BidiConnection.params().put("type", "element");
        origin.set("element", reference(element));
        ObjectNode move = BidiConnection.params().put("type", "pointerMove").put("x", 0).put("y", 0);
        move.set("origin", origin);
        ArrayNode steps = BidiConnection.JSON.createArrayNode().add(move)
                .add(BidiConnection.params().put("type", "pointerDown").put("button", 0))
                .add(BidiConnection.params().put("type", "pointerUp").put("button", 0));
        ObjectNode mouse = BidiConnection.params().put("type", "pointer").put("id", "mouse");
        mouse.set("parameters", BidiConnection.params().put("pointerType", "mouse"));
        mouse.set("actions", steps);
        perform(mouse);
    }

    /** Types into the focused element key by key; {@code \uE007} is Enter, {@code \uE003} Backspace. */
    void type(String text) {
        ArrayNode steps = BidiConnection.JSON.createArrayNode();
        text.codePoints().mapToObj(Character::toString).forEach(key -> {
            steps.add(BidiConnection.params().put("type", "keyDown").put("value", key));
            steps.add(BidiConnection.params().put("type", "keyUp").put("value", key));
        });
        ObjectNode keyboard = BidiConnection.params().put("type", "key").put("id", "keyboard");
        keyboard.set("actions", steps);
        perform(keyboard);
    }

    /** Clicks a text field, selects what it holds and types {@code text} over it. */
    void fill(String css, String text) {
        click(css);
        call("(e) => e.select()", find(css));
        type("\uE003" + text);
    }

    void setFiles(String css, Path file) {
        ObjectNode params = inContext();
        params.set("element", reference(find(css)));
        params.set("files", BidiConnection.JSON.createArrayNode().add(file.toString()));
        bidi.send("input.setFiles", params);
    }

    void awaitText(String css, String text) {
        await(() -> (Boolean) call("(css, text) => { const e = document.querySelector(css);"
                + " return e !== null && e.textContent.includes(text) ? true : null; }", css, text),
                "'" + text + "' in " + css);
    }

    /** Polls {@code condition} until it gives something other than null or false. */
    <T> T await(Supplier<T> condition, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            T value = condition.get();
            if (value != null && !Boolean.FALSE.equals(value)) {
                return value;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + WAIT.toSeconds() + " s for " + what + "; the page says: "
                        + pageText());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    String pageText() {
        try {
            return String.valueOf(call("() => document.body ? document.body.innerText : ''"));
        } catch (RuntimeException | AssertionError e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    Path screenshot(String name) {
        String png = bidi.send("browsingContext.captureScreenshot", inContext()).path("data").asText();
        try {
            Files.createDirectories(ConsoleBrowser.SCREENSHOTS);
            return Files.write(ConsoleBrowser.SCREENSHOTS.resolve(name + ".png"), Base64.getDecoder().decode(png));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the page logged as errors (uncaught exceptions, console.error). */
    List<String> errors() {
        return bidi.events("log.entryAdded").stream().map(e -> e.path("params"))
                .filter(p -> "error".equals(p.path("level").asText())).map(p -> p.path("text").asText()).toList();
    }

    @Override
    public void close() {
        stop(process, bidi, profile);
    }

    private void perform(ObjectNode source) {
        ObjectNode params = inContext();
        params.set("actions", BidiConnection.JSON.createArrayNode().add(source));
        bidi.send("input.performActions", params);
    }

    private ObjectNode inContext() {
        return BidiConnection.params().put("context", context);
    }

    private static JsonNode localValue(Object arg) {
        return switch (arg) {
            case JsonNode element -> reference(element);
            case String s -> BidiConnection.params().put("type", "string").put("value", s);
            case Integer i -> BidiConnection.params().put("type", "number").put("value", i);
            case Boolean b -> BidiConnection.params().put("type", "boolean").put("value", b);
            default -> throw new IllegalArgumentException("no BiDi value for " + arg.getClass().getName());
        };
    }

    private static ObjectNode reference(JsonNode element) {
        return BidiConnection.params().put("sharedId", element.path("sharedId").asText());
    }

    private static Object javaValue(JsonNode remote) {
        return switch (remote.path("type").asText()) {
            case "string" -> remote.path("value").asText();
            case "number" -> remote.path("value").isIntegralNumber() ? (Object) remote.path("value").asLong()
                    : (Object) remote.path("value").asDouble();
            case "boolean" -> remote.path("value").asBoolean();
            case "null", "undefined" -> null;
            case "node" -> remote;
            default -> throw new AssertionError("a page value this client does not read: " + remote);
        };
    }

    /** Closes the browser (politely, then by force, its child processes too) and deletes the profile. */
    private static void stop(Process process, BidiConnection bidi, Path profile) {
        try {
            if (bidi != null) {
                try {
                    bidi.send("browser.close", BidiConnection.params());
                } catch (RuntimeException | AssertionError ignored) {
                    // it is stopped by force below
                } finally {
                    bidi.close();
                }
            }
            if (process != null) {
                List<ProcessHandle> children = process.descendants().toList();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
                children.forEach(ProcessHandle::destroyForcibly);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        } finally {
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
