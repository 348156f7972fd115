package dev.polytrace.host.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polytrace.bpf.testing.KernelTest;
import dev.polytrace.host.cli.PolytraceCommand;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.jline.reader.Candidate;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser.ParseContext;
import org.jline.reader.impl.LineReaderImpl;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Tab completion, asked of the prompt's completer directly with the line its parser makes of what
 * was typed, over a loaded tracer and a started JS console.
 */
@KernelTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CompletionKernelTest {
    private Terminal terminal;
    private InterruptRouter interrupts;
    private ReplSession session;
    private LineReader reader;

    @BeforeAll
    void loadTracer() throws Exception {
        terminal = new DumbTerminal("completion-test", Terminal.TYPE_DUMB, InputStream.nullInputStream(),
                new ByteArrayOutputStream(), StandardCharsets.UTF_8);
        interrupts = new InterruptRouter(terminal);
        session = new ReplSession(terminal, PipedRepl.options(null), interrupts);
        reader = Repl.lineReader(session, new MetaCommands(session, PolytraceCommand::promptCommands));
        session.attach(reader);
        session.load(ReplFixtures.packageFile().toString(), List.of(ReplFixtures.onlyThisProcess()));
        session.console().eval("var total = 1", 80);
    }

    @AfterAll
    void detach() throws Exception {
        if (session != null) {
            session.close();
            interrupts.close();
            terminal.close();
        }
    }

    /** The candidates' values for {@code typed}, with the cursor at its end. */
    private Set<String> complete(String typed) {
        ParsedLine line = reader.getParser().parse(typed, typed.length(), ParseContext.COMPLETE);
        List<Candidate> candidates = new ArrayList<>();
        ((LineReaderImpl) reader).getCompleter().complete(reader, line, candidates);
        Set<String> values = new TreeSet<>();
        String word = line.word().substring(0, line.wordCursor());
        for (Candidate c : candidates) {
            if (c.value().startsWith(word)) { // JLine shows only these
                values.add(c.value());
            }
        }
        return values;
    }

    @Test
    void commands() {
        Set<String> all = complete(":");
        assertTrue(all.containsAll(List.of(":help", ":load", ":unload", ":maps", ":dump", ":watch", ":params", ":set",
                ":handler", ":events", ":follow", ":lang", ":stats", ":quit")), all.toString());
        assertTrue(all.containsAll(List.of(":inspect", ":list", ":doctor", ":build")), "the CLI's commands: " + all);
        assertEquals(Set.of(":dump", ":doctor"), complete(":d"));
        assertEquals(Set.of("dump"), complete(":help du"));
    }

    @Test
    void mapNamesVariablesAndLanguages() {
        assertEquals(Set.of("counts"), complete(":dump c"));
        assertTrue(complete(":watch ").containsAll(Set.of("counts", "events")));
        assertEquals(Set.of("--json", "--top"), complete(":dump counts --"));
        assertEquals(Set.of("muted"), complete(":set "), "only variables that can change at run time");
        assertEquals(Set.of("js", "python"), complete(":lang "));
    }

    @Test
    void packageFiles() {
        String dir = ReplFixtures.packageFile().getParent().toString();
        Set<String> files = complete(":load " + dir + "/get");
        assertTrue(files.stream().anyMatch(f -> f.endsWith("getppid.tracer.json")), files.toString());
        Set<String> handlers = complete(":handler " + ReplFixtures.resource("counter.js").getParent() + "/cou");
        assertTrue(handlers.stream().anyMatch(f -> f.endsWith("counter.js")), handlers.toString());
    }

    @Test
    void ctxMembersMapsAndMapMethods() {
        assertEquals(Set.of("ctx"), complete("ct"));
        assertTrue(complete("to").contains("total"), "the user's own variables");
        Set<String> ctx = complete("ctx.");
        assertTrue(ctx.containsAll(List.of("ctx.params", "ctx.maps", "ctx.metrics", "ctx.hist", "ctx.log", "ctx.emit",
                "ctx.ksym", "ctx.usym", "ctx.now")), ctx.toString());
        assertEquals(Set.of("ctx.maps.counts"), complete("ctx.maps.co"));
        assertEquals(Set.of("ctx.maps.counts"), complete("x = ctx.maps.counts"));
        Set<String> methods = complete("print(ctx.maps.counts.");
        assertTrue(methods.containsAll(List.of("ctx.maps.counts.get", "ctx.maps.counts.set", "ctx.maps.counts.delete",
                "ctx.maps.counts.keys", "ctx.maps.counts.entries", "ctx.maps.counts.clear")), methods.toString());
        assertTrue(complete("ctx.params.").containsAll(Set.of("ctx.params.target_pid", "ctx.params.muted")));
        assertEquals(Set.of("ctx.hist.log2", "ctx.hist.linear"), complete("ctx.hist."));
    }

    @Test
    void eventFieldNamesFromTheEventStruct() {
        assertEquals(Set.of("ev.pid", "ev.tid", "ev.count", "ev.comm"), complete("ev."));
        assertEquals(Set.of(".comm", ".count"), complete("events(1)[0].co"));
        assertEquals(Set.of("e.comm", "e.count"), complete("for (const e of events(5)) print(e.co"));
    }
}
